#if canImport(Glibc)
import Glibc
#endif

/// The size of the terminal that stdout writes to.
public enum TerminalSize {
  /// Columns of the terminal, `COLUMNS` when set, or 80 when stdout is not a terminal.
  public static func columns(environment: [String: String]) -> Int {
    columns(environment: environment, stdoutIsTerminal: isatty(STDOUT_FILENO) == 1)
  }

  /// Columns of the terminal when `stdoutIsTerminal`, else `COLUMNS` when it is a sane
  /// number (21…1000), else 80.
  public static func columns(environment: [String: String], stdoutIsTerminal: Bool) -> Int {
    var size = winsize()
    if stdoutIsTerminal, isatty(STDOUT_FILENO) == 1,
      ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0
    {
      return Int(size.ws_col)
    }
    if let text = environment["COLUMNS"], let value = Int(text), value > 20, value <= 1000 {
      return value
    }
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

  /// Whether standard error is a terminal.
  public static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

  /// Whether standard output is a terminal.
  public static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
}
