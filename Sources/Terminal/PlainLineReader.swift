/// Reads lines from standard input without a prompt and without line editing.
///
/// Used when stdin is not a terminal, so that `printf 'help\nquit\n' | goldilocks`
/// prints only the commands' output.
public final class PlainLineReader: LineReader {
  public init() {}

  public func readLine(prompt: String) -> String? {
    StandardInputLines.shared.readLine()
  }
}
