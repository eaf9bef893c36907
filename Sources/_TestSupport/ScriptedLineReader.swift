import Terminal

/// A line reader that returns prepared lines, for driving the REPL in tests.
public final class ScriptedLineReader: LineReader, @unchecked Sendable {
  private var lines: [String]
  /// The prompts the REPL asked with, in order.
  public private(set) var prompts: [String] = []
  /// The lines added to history, in order.
  public private(set) var history: [String] = []

  public init(_ lines: [String]) { self.lines = lines }

  public func readLine(prompt: String) -> String? {
    prompts.append(prompt)
    return lines.isEmpty ? nil : lines.removeFirst()
  }

  public func addHistory(_ line: String) { history.append(line) }
}
