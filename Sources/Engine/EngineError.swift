/// Errors the engine reports to the learner, each saying what is wrong and how to fix it.
public enum EngineError: Error, CustomStringConvertible, Equatable, Sendable {
  /// A computation would need more memory than the budget allows.
  case memoryBudgetExceeded(needed: Int64, budget: Int64, what: String)
  /// The engine cannot do this (yet); the message says what it can do instead.
  case unsupported(String)

  public var description: String {
    switch self {
    case .memoryBudgetExceeded(let needed, let budget, let what):
      return
        "\(what) would need \(needed) bytes, more than the memory budget of \(budget) bytes; raise it with --memory-budget or choose a smaller model"
    case .unsupported(let message):
      return message
    }
  }
}
