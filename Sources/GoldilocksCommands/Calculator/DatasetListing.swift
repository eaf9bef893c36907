import Engine
import Terminal

/// What `calc datasets` lists: every dataset the lab loads (shape, classes, task and split
/// sizes) and every text corpus (characters for train and test).
struct DatasetListing {
  /// One dataset in `calc datasets --json`.
  struct Entry: Encodable {
    let name: String
    let shape: [Int]
    let classes: Int
    let task: String
    let train: Int
    let test: Int
    let summary: String
  }

  let entries: [Entry]

  /// Loads every dataset and corpus of the catalog through `lab` (generated ones from the
  /// seed), to state their real split sizes.
  init(lab: LabContext) throws {
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
    self.entries = entries
  }

  /// The listing as a table, one dataset a row.
  var table: TextTable {
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
    )
  }
}
