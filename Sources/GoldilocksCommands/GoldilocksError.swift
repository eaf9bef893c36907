/// Errors of the command layer, written for the learner.
public enum GoldilocksError: Error, CustomStringConvertible, Equatable, Sendable {
  /// A flag or argument value that the command cannot use.
  case invalidValue(String)
  /// A destructive action asked for without confirmation.
  case confirmationRequired(String)
  /// The command makes sense only inside the REPL.
  case replOnly(String)
  /// The learner stopped a long run (Ctrl-C) before it finished; says what was kept.
  case stopped(String)
  /// An answer the progress store could not save; what was answered before is kept.
  case answerNotSaved(questionId: String, reason: String)

  public var description: String {
    switch self {
    case .invalidValue(let message):
      return message
    case .confirmationRequired(let message), .stopped(let message):
      return message
    case .answerNotSaved(let questionId, let reason):
      return
        "your answer to \(questionId) could not be saved: \(reason). Answers before it are kept; the questions stopped here, so run the command again once the progress store is reachable"
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
