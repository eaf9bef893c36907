import Engine
import Foundation
import Lab
import ProgressStore
import Terminal

/// What the calculator commands share: the dataset catalog, the weight cache and the
/// experiment history.
struct LabContext {
  let context: CommandContext
  /// The most memory one model may take (`--memory-budget`, or a share of the machine's).
  var memoryBudget = MemoryBudget.physical()

  /// The shipped datasets and generators.
  func catalog() throws -> DatasetCatalog {
    let root = try ContentLocator.root(environment: context.session.environment)
    return DatasetCatalog(directory: URL(fileURLWithPath: root + "/content/datasets"))
  }

  /// Loads a dataset by name with the seed of this command (for the split).
  func dataset(_ name: String) throws -> Dataset {
    try catalog().load(name, seed: context.seed)
  }

  /// The lab, caching trained weights in the data folder.
  var lab: ModelLab {
    ModelLab(cacheDirectory: context.session.dataDirectory() + "/cache", memoryBudget: memoryBudget)
  }

  /// Where a compression run writes its files: `<data>/lab/<prefix>-<hash of key>`, the
  /// folder created when missing (a failure shows when the files are written).
  func runFileStem(prefix: String, key: String) -> String {
    let directory = context.session.dataDirectory() + "/lab"
    try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    return ModelLab.runFileStem(directory: directory, prefix: prefix, key: key)
  }

  /// Stores one calculator run in the experiment history of the profile.
  ///
  /// The history is a record, not the result: when the progress file cannot be written,
  /// the run's output stands and a warning says why it was not recorded.
  func record(command: String, spec: String, result: some Encodable) {
    do {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.sortedKeys]
      encoder.keyEncodingStrategy = .convertToSnakeCase
      encoder.nonConformingFloatEncodingStrategy = .convertToString(
        positiveInfinity: "inf",
        negativeInfinity: "-inf",
        nan: "nan"
      )
      let json = String(decoding: try encoder.encode(result), as: UTF8.self)
      let store = try context.store()
      let profile = try context.profile(in: store)
      try store.recordExperiment(
        Experiment(
          profileId: profile.id ?? 0,
          command: command,
          spec: spec,
          resultJSON: json,
          createdAt: context.now
        )
      )
    } catch {
      context.output.errorLine(
        "warning: this run was not saved to the experiment history: \(error)"
      )
    }
  }
}
