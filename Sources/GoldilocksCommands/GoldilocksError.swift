/// Errors of the command layer, written for the learner.
public enum GoldilocksError: Error, CustomStringConvertible, Equatable, Sendable {
  /// The command exists but its feature has not landed yet.
  case notAvailableYet(command: String)
  /// A flag or argument value that the command cannot use.
  case invalidValue(String)
  /// A destructive action asked for without confirmation.
  case confirmationRequired(String)
  /// The command makes sense only inside the REPL.
  case replOnly(String)

  public var description: String {
    switch self {
    case .notAvailableYet(let command):
      return "`\(command)` is not available yet: its part of Goldilocks has not landed"
    case .invalidValue(let message):
      return message
    case .confirmationRequired(let message):
      return message
    case .replOnly(let command):
      return "`\(command)` works only inside the REPL; start it with `goldilocks`"
    }
  }
}

/// Control flow of the REPL that commands can ask for.
enum REPLSignal: Error {
  /// Leave the REPL (or, on the command line, just exit 0).
  case quit
}
