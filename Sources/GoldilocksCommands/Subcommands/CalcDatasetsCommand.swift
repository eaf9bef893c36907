import ArgumentParser
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

  mutating func run() throws {
    let context = CommandContext(global)
    let listing = try DatasetListing(lab: LabContext(context: context))
    if context.json {
      try context.printJSON(listing.entries)
    } else {
      context.output.line(listing.table.render())
    }
  }
}
