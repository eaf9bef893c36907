/// Errors from reading, generating or matching datasets, written for the learner.
public enum DatasetError: Error, CustomStringConvertible, Equatable, Sendable {
  /// No such file.
  case fileNotFound(path: String)
  /// The file exists but could not be read.
  case unreadable(path: String, reason: String)
  /// The first 8 bytes are not `GLDS0001`.
  case badMagic(path: String, found: String)
  /// The file is shorter or longer than its header says.
  case sizeMismatch(path: String, expected: Int, actual: Int)
  /// The JSON header is missing, malformed or inconsistent.
  case badHeader(path: String, reason: String)
  /// A label is not below the number of classes.
  case labelOutOfRange(path: String, row: Int, label: Int, classes: Int)
  /// The catalog has no dataset of that name.
  case unknownDataset(name: String, available: [String])
  /// A spec's input shape differs from the dataset's example shape.
  case inputDoesNotFit(dataset: String, inputShape: [Int], featureShape: [Int])
  /// A generator or split parameter is out of range.
  case invalidParameter(String)
  /// The name is a text corpus (for language models), asked for as a table of examples.
  case textCorpus(name: String)

  public var description: String {
    switch self {
    case .fileNotFound(let path):
      return "dataset file '\(path)' does not exist; check the content/datasets folder"
    case .unreadable(let path, let reason):
      return "cannot read dataset file '\(path)': \(reason)"
    case .badMagic(let path, let found):
      return "'\(path)' is not a Goldilocks dataset: it starts with '\(found)' instead of "
        + "'GLDS0001'; regenerate it with Tools/datasets/make_datasets.py"
    case .sizeMismatch(let path, let expected, let actual):
      return "dataset file '\(path)' has \(actual) bytes but its header describes \(expected); "
        + "the file is truncated or corrupt, regenerate it with Tools/datasets/make_datasets.py"
    case .badHeader(let path, let reason):
      return "dataset file '\(path)' has a bad header: \(reason)"
    case .labelOutOfRange(let path, let row, let label, let classes):
      return "dataset file '\(path)': row \(row) has label \(label) but there are only "
        + "\(classes) classes (0…\(classes - 1))"
    case .unknownDataset(let name, let available):
      return "there is no dataset '\(name)'; choose one of "
        + available.joined(separator: ", ")
    case .inputDoesNotFit(let dataset, let inputShape, let featureShape):
      return "the spec's input \(format(inputShape)) does not fit dataset '\(dataset)', whose "
        + "examples have shape \(format(featureShape)); start the spec with "
        + "input\(format(featureShape))"
    case .invalidParameter(let message):
      return message
    case .textCorpus(let name):
      return "'\(name)' is a text corpus for language models, not a table of examples; only "
        + "the language models (tiny-gpt, tiny-lstm) train on it"
    }
  }

  private func format(_ shape: [Int]) -> String {
    "(" + shape.map(String.init).joined(separator: ", ") + ")"
  }
}
