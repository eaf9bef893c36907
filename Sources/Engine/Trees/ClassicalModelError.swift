/// What can go wrong when training, using or reading a tree, forest, linear model or selector.
///
/// Every message is written for the learner: it says what was expected, what was found and,
/// where it helps, what to change.
public enum ClassicalModelError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The flat value array does not hold `rows × columns` numbers.
  case valueCountMismatch(rows: Int, columns: Int, count: Int)
  /// One row of a row list is longer or shorter than the first.
  case rowLengthMismatch(row: Int, expected: Int, actual: Int)
  /// There are not as many labels or targets as examples.
  case labelCountMismatch(rows: Int, labels: Int)
  /// Training needs at least one example (two classes for a classifier).
  case notEnoughData(String)
  /// A classifier leaf stores its class in one byte, so at most 256 classes.
  case tooManyClasses(Int, limit: Int)
  /// A node stores its feature in two bytes, so at most 65,534 features.
  case tooManyFeatures(Int, limit: Int)
  /// A hyperparameter is outside its range.
  case invalidParameter(name: String, value: String, expected: String)
  /// Prediction got rows with a different number of features than training.
  case featureCountMismatch(expected: Int, actual: Int)
  /// A class prediction was asked of a regression model or the other way round.
  case taskMismatch(model: String, expected: String)
  /// Serialized bytes are truncated or inconsistent.
  case malformedBytes(model: String, offset: Int, reason: String)

  public var description: String {
    switch self {
    case .valueCountMismatch(let rows, let columns, let count):
      return "a \(rows) × \(columns) feature matrix needs \(rows * columns) values, got \(count)"
    case .rowLengthMismatch(let row, let expected, let actual):
      return "row \(row) has \(actual) features but the first row has \(expected)"
    case .labelCountMismatch(let rows, let labels):
      return "\(rows) examples need \(rows) labels or targets, got \(labels)"
    case .notEnoughData(let what):
      return "not enough data: \(what)"
    case .tooManyClasses(let count, let limit):
      return "\(count) classes is more than the \(limit) a one-byte class index can name"
    case .tooManyFeatures(let count, let limit):
      return "\(count) features is more than the \(limit) a two-byte feature index can name"
    case .invalidParameter(let name, let value, let expected):
      return "\(name) = \(value) is not allowed: expected \(expected)"
    case .featureCountMismatch(let expected, let actual):
      return "the model was trained on \(expected) features but the input has \(actual)"
    case .taskMismatch(let model, let expected):
      return "this \(model) does not do that: it is a \(expected) model"
    case .malformedBytes(let model, let offset, let reason):
      return "these bytes are not a valid \(model) (at byte \(offset)): \(reason)"
    }
  }
}
