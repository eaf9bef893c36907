import Foundation

/// The datasets Goldilocks can train on: four bundled `.glds` files, three generators and a
/// text corpus for language models.
///
/// Bundled sets are read from `directory` (the repository's `content/datasets`); synthetic sets
/// are generated on demand. Every dataset is split 80/20 by default with `DatasetSplitter`
/// (stratified for classification) using `seed`.
public struct DatasetCatalog: Sendable {
  /// Folder holding `iris.glds`, `digits.glds`, `mnist.glds`, `breast-cancer.glds`.
  public var directory: URL

  /// Names of the bundled datasets.
  public static let bundledNames = ["iris", "digits", "mnist", "breast-cancer"]
  /// Names of the generated datasets.
  public static let syntheticNames = ["fraud", "regression", "blobs"]
  /// Names of the bundled text corpora, for language models (see `corpus(_:)`).
  public static let textNames = ["shakespeare"]
  /// Every name the catalog answers to.
  public static var names: [String] { bundledNames + syntheticNames + textNames }

  /// What each text corpus is and where it comes from.
  public static let textSummaries = [
    "shakespeare":
      "tiny Shakespeare, 1,115,394 characters of the plays (karpathy/char-rnn; public domain)"
  ]

  /// Reads a bundled text corpus (`shakespeare.txt`) and splits it as nanoGPT does.
  public func corpus(_ name: String) throws(DatasetError) -> CharacterCorpus {
    guard DatasetCatalog.textNames.contains(name) else {
      if DatasetCatalog.names.contains(name) {
        throw .invalidParameter(
          "'\(name)' is not a text corpus: a language model trains on text ("
            + DatasetCatalog.textNames.joined(separator: ", ") + ")"
        )
      }
      throw .unknownDataset(name: name, available: DatasetCatalog.names)
    }
    let path = directory.appendingPathComponent("\(name).txt").path
    guard FileManager.default.fileExists(atPath: path) else { throw .fileNotFound(path: path) }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw .unreadable(path: path, reason: "the file cannot be opened")
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw .unreadable(path: path, reason: "the file is not UTF-8 text")
    }
    return try CharacterCorpus(
      name: name,
      summary: DatasetCatalog.textSummaries[name] ?? name,
      text: text
    )
  }

  public init(directory: URL) {
    self.directory = directory
  }

  /// Reads the `.glds` file of a bundled dataset without splitting it.
  public func file(_ name: String) throws(DatasetError) -> GLDSFile {
    guard DatasetCatalog.bundledNames.contains(name) else {
      throw .unknownDataset(name: name, available: DatasetCatalog.names)
    }
    return try GLDSFile(contentsOf: directory.appendingPathComponent("\(name).glds"))
  }

  /// Loads a dataset by name with default generator settings.
  public func load(
    _ name: String,
    testFraction: Double = 0.2,
    seed: UInt64 = 42
  ) throws(DatasetError) -> Dataset {
    switch name {
    case _ where DatasetCatalog.textNames.contains(name):
      throw .textCorpus(name: name)
    case "fraud":
      return try DatasetCatalog.fraud(testFraction: testFraction, seed: seed)
    case "regression":
      return try DatasetCatalog.regression(testFraction: testFraction, seed: seed)
    case "blobs":
      return try DatasetCatalog.blobs(testFraction: testFraction, seed: seed)
    default:
      var glds = try file(name)
      let scale = Float(glds.featureScale)
      // Scaled in place: the file gives up its array so no second copy is made.
      var features = glds.storedFeatures
      glds.storedFeatures = []
      if scale != 1 {
        features.withUnsafeMutableBufferPointer { values in
          for index in values.indices { values[index] /= scale }
        }
      }
      return try Dataset(
        name: glds.name,
        summary: glds.summary,
        featureShape: glds.featureShape,
        classes: glds.classes,
        classNames: glds.classNames,
        features: features,
        targets: glds.labels.map { Float($0) },
        testFraction: testFraction,
        seed: seed
      )
    }
  }

  /// The `fraud` dataset (see `SyntheticData.fraud`).
  public static func fraud(
    rows: Int = 20_000,
    features: Int = 30,
    positiveRate: Double = 0.01,
    testFraction: Double = 0.2,
    seed: UInt64 = 42
  ) throws(DatasetError) -> Dataset {
    let data = try SyntheticData.fraud(
      rows: rows,
      features: features,
      positiveRate: positiveRate,
      seed: seed
    )
    return try Dataset(
      name: "fraud",
      summary: "synthetic card transactions, \(positiveRate * 100)% fraudulent",
      featureShape: [features],
      classes: 2,
      classNames: ["legitimate", "fraud"],
      features: data.features,
      targets: data.labels,
      testFraction: testFraction,
      seed: seed
    )
  }

  /// The `regression` dataset (see `SyntheticData.regression`).
  public static func regression(
    rows: Int = 10_000,
    features: Int = 10,
    noise: Double = 0.5,
    testFraction: Double = 0.2,
    seed: UInt64 = 42
  ) throws(DatasetError) -> Dataset {
    let data = try SyntheticData.regression(
      rows: rows,
      features: features,
      noise: noise,
      seed: seed
    )
    return try Dataset(
      name: "regression",
      summary: "synthetic linear target with Gaussian noise",
      featureShape: [features],
      classes: 0,
      classNames: [],
      features: data.features,
      targets: data.targets,
      testFraction: testFraction,
      seed: seed
    )
  }

  /// The `blobs` dataset (see `SyntheticData.blobs`).
  public static func blobs(
    rows: Int = 1_000,
    classes: Int = 3,
    features: Int = 2,
    testFraction: Double = 0.2,
    seed: UInt64 = 42
  ) throws(DatasetError) -> Dataset {
    let data = try SyntheticData.blobs(
      rows: rows,
      classes: classes,
      features: features,
      seed: seed
    )
    return try Dataset(
      name: "blobs",
      summary: "\(classes) Gaussian clusters in \(features) dimensions",
      featureShape: [features],
      classes: classes,
      classNames: (0..<classes).map { "blob \($0)" },
      features: data.features,
      targets: data.labels,
      testFraction: testFraction,
      seed: seed
    )
  }
}
