import Terminal

/// A line reader that returns prepared lines, for driving the REPL in tests.
///
/// `@unchecked Sendable` (so that a test's session can hold it) holds by use, not by a
/// lock: one test creates it and drives one REPL or command with it on one thread, and
/// reads `prompts`/`history` only after that run returns; it is never shared between
/// concurrent tasks. (Real readers are not `Sendable` either: readline has one global
/// state.)
public final class ScriptedLineReader: LineReader, @unchecked Sendable {
  private var lines: [String]
  private var served = 0
  /// The prompts the REPL asked with, in order.
  public private(set) var prompts: [String] = []
  /// The lines added to history, in order.
  public private(set) var history: [String] = []
  /// Called before the line with this 0-based index is returned.
  ///
  /// A test moves its clock here, as if the learner took that long to type the line.
  public var beforeLine: ((Int) -> Void)?

  public init(_ lines: [String]) { self.lines = lines }

  public func readLine(prompt: String) -> String? {
    prompts.append(prompt)
    guard !lines.isEmpty else { return nil }
    beforeLine?(served)
    served += 1
    return lines.removeFirst()
  }

  public func addHistory(_ line: String) { history.append(line) }
}
