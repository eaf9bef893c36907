/// Reads lines from standard input without a prompt and without line editing.
///
/// Used when stdin is not a terminal, so that `printf 'help\nquit\n' | goldilocks`
/// prints only the commands' output.
public final class PlainLineReader: LineReader {
  let input: StandardInputLines

  public init() { input = .shared }

  /// A reader of another descriptor (a pipe in tests).
  init(input: StandardInputLines) { self.input = input }

  public func readLine(prompt: String) -> String? {
    input.readLine()
  }
}
