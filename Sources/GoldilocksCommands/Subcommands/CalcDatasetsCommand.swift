import ArgumentParser
import Engine
import Terminal

/// `calc datasets`: the shipped datasets and generators with their shapes and splits.
struct CalcDatasetsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "datasets",
    abstract: "The datasets: names, shapes, classes and split sizes.",
    discussion: """
      iris, digits, mnist (a 5,000-image subset) and breast-cancer ship in
      content/datasets (sources and licences in its README); fraud, regression and
      blobs are generated from --seed. Every split is a seeded, stratified 80/20
      split. shakespeare (tiny Shakespeare, 1,115,394 characters) is a text corpus for
      the language models tiny-gpt and tiny-lstm: 65 characters, the first 90 % to
      train and the last 10 % to validate, as nanoGPT's shakespeare_char splits it
      (train and test count characters).
      """
  )

  @OptionGroup var global: GlobalOptions

  struct Entry: Encodable {
    let name: String
    let shape: [Int]
    let classes: Int
    let task: String
    let train: Int
    let test: Int
    let summary: String
  }

  mutating func run() throws {
    let context = CommandContext(global)
    let lab = LabContext(context: context)
    var entries: [Entry] = []
    for name in DatasetCatalog.names where !DatasetCatalog.textNames.contains(name) {
      let data = try lab.dataset(name)
      entries.append(
        Entry(
          name: name,
          shape: data.featureShape,
          classes: data.classes,
          task: data.task.rawValue,
          train: data.trainCount,
          test: data.testCount,
          summary: data.summary
        )
      )
    }
    for name in DatasetCatalog.textNames {
      let corpus = try lab.catalog().corpus(name)
      entries.append(
        Entry(
          name: name,
          shape: [],
          classes: corpus.vocabularySize,
          task: "language-model",
          train: corpus.train.count,
          test: corpus.validation.count,
          summary: corpus.summary
        )
      )
    }
    if context.json {
      try context.printJSON(entries)
      return
    }
    context.output.line(
      TextTable(
        header: ["dataset", "example shape", "classes", "train", "test", "what it is"],
        rows: entries.map {
          [
            $0.name, $0.shape.isEmpty ? "characters" : NumberFormat.shape($0.shape),
            $0.classes == 0 ? "-" : String($0.classes),
            NumberFormat.grouped($0.train), NumberFormat.grouped($0.test), $0.summary,
          ]
        },
        alignments: [.left, .left, .right, .right, .right, .left]
      ).render()
    )
  }
}
