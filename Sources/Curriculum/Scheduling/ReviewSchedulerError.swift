/// A scheduler setting that FSRS cannot work with.
public enum ReviewSchedulerError: Error, CustomStringConvertible, Hashable, Sendable {
  /// The parameter list does not hold the 21 FSRS-6 weights.
  case wrongParameterCount(Int)
  /// One weight lies outside the range py-fsrs allows for it.
  case parameterOutOfBounds(index: Int, value: Double, lower: Double, upper: Double)
  /// Desired retention must be a probability strictly between 0 and 1.
  case desiredRetentionOutOfRange(Double)
  /// A learning or relearning step is not a positive number of seconds.
  case invalidStep(kind: String, seconds: Double)
  /// The maximum interval is less than one day.
  case maximumIntervalTooSmall(Int)

  public var description: String {
    switch self {
    case .wrongParameterCount(let count):
      return "FSRS-6 needs 21 parameters, but \(count) were given"
    case .parameterOutOfBounds(let index, let value, let lower, let upper):
      return "FSRS parameter w[\(index)] = \(value) is out of bounds; "
        + "it must lie between \(lower) and \(upper)"
    case .desiredRetentionOutOfRange(let value):
      return "desired retention \(value) is not a probability; "
        + "choose a value between 0 and 1 such as 0.9"
    case .invalidStep(let kind, let seconds):
      return "\(kind) step of \(seconds) s is not a positive duration; use values such as 60 or 600"
    case .maximumIntervalTooSmall(let days):
      return "maximum interval of \(days) days is too small; it must be at least 1 day"
    }
  }
}
