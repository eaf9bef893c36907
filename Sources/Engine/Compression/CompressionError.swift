/// Errors from quantization, pruning, sparse storage and DEFLATE, written for the learner.
///
/// Each message says what was wrong and what to change, so a command can print it as is.
public enum CompressionError: Error, Equatable, Sendable, CustomStringConvertible {
  /// A buffer's element count does not match the shape it was given with.
  case shapeMismatch(expected: Int, actual: Int, context: String)
  /// A parameter is outside the range its definition allows.
  case invalidParameter(name: String, value: String, expected: String)
  /// A quantization axis does not exist in the tensor's shape.
  case invalidAxis(axis: Int, rank: Int)
  /// A compressed stream is malformed.
  case corruptStream(String)

  public var description: String {
    switch self {
    case .shapeMismatch(let expected, let actual, let context):
      return "\(context): expected \(expected) elements but got \(actual)."
    case .invalidParameter(let name, let value, let expected):
      return "\(name) = \(value) is not allowed; \(name) must be \(expected)."
    case .invalidAxis(let axis, let rank):
      return
        "axis \(axis) does not exist in a tensor of rank \(rank); use 0 ..< \(rank) (or -1 for the last)."
    case .corruptStream(let detail):
      return "the compressed data is damaged: \(detail)."
    }
  }
}
