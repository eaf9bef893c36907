/// An output sink that wraps every complete line wider than `width` before passing it on.
///
/// Commands write prose, tables and reports through it, so a line too wide for the
/// terminal is broken between words instead of being cut by the terminal mid-word. Text
/// after the last newline of a write (a prompt) passes through unchanged, and so does the
/// whole of standard output when it carries a JSON document (`wrapsOutput` false).
public final class WrappingOutput: OutputSink {
  private let base: any OutputSink
  /// The widest line written.
  public let width: Int
  /// Whether standard-output lines are wrapped (off for JSON).
  public let wrapsOutput: Bool
  /// Whether standard-error lines are wrapped.
  public let wrapsErrors: Bool

  public init(
    _ base: any OutputSink,
    width: Int,
    wrapsOutput: Bool = true,
    wrapsErrors: Bool = true
  ) {
    self.base = base
    self.width = width
    self.wrapsOutput = wrapsOutput
    self.wrapsErrors = wrapsErrors
  }

  public func write(_ text: String) {
    base.write(wrapsOutput ? Self.wrapLines(text, width: width) : text)
  }

  public func writeError(_ text: String) {
    base.writeError(wrapsErrors ? Self.wrapLines(text, width: width) : text)
  }

  /// `text` with each line wrapped to `width`; a carriage return starts a new line for
  /// the purpose of measuring (progress bars redraw in place).
  public static func wrapLines(_ text: String, width: Int) -> String {
    guard text.contains(where: { $0 != "\n" }) else { return text }
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    var out: [String] = []
    for line in lines {
      let string = String(line)
      if string.contains("\r") || TextWrapper.visibleLength(string) <= width {
        out.append(string)
      } else {
        out.append(TextWrapper.wrapLine(string, width: width).joined(separator: "\n"))
      }
    }
    return out.joined(separator: "\n")
  }
}
