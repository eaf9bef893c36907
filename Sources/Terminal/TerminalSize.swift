#if canImport(Glibc)
import Glibc
#endif

/// The size of the terminal that stdout writes to.
public enum TerminalSize {
  /// Columns of the terminal, `COLUMNS` when set, or 80 when stdout is not a terminal.
  public static func columns(environment: [String: String]) -> Int {
    var size = winsize()
    if isatty(STDOUT_FILENO) == 1, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0,
      size.ws_col > 0
    {
      return Int(size.ws_col)
    }
    if let text = environment["COLUMNS"], let value = Int(text), value > 20 { return value }
    return 80
  }

  /// Rows of the terminal, or `nil` when stdout is not a terminal.
  public static func rows() -> Int? {
    var size = winsize()
    guard isatty(STDOUT_FILENO) == 1, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0,
      size.ws_row > 0
    else { return nil }
    return Int(size.ws_row)
  }

  /// Whether standard input is a terminal.
  public static var stdinIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }

  /// Whether standard output is a terminal.
  public static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
}
