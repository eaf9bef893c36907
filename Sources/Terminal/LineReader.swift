/// A source of input lines for the REPL: readline on a terminal, plain lines otherwise.
///
/// `readLine(prompt:)` returns `nil` at end of input (Ctrl-D or end of a pipe).
public protocol LineReader: AnyObject {
  /// Reads one line without its newline, or `nil` at end of input.
  func readLine(prompt: String) -> String?
  /// Remembers a line in the history, when the reader keeps one.
  func addHistory(_ line: String)
}

extension LineReader {
  public func addHistory(_ line: String) {}
}
