#if canImport(Glibc)
import Glibc
#endif

/// ANSI text styles, applied only when colour is on.
public enum TextStyle: String, Sendable, CaseIterable {
  case bold = "1"
  case dim = "2"
  case italic = "3"
  case underline = "4"
  case red = "31"
  case green = "32"
  case yellow = "33"
  case blue = "34"
  case magenta = "35"
  case cyan = "36"
}

/// Whether output is styled: on only for a terminal, and never with `NO_COLOR` or `--no-color`.
public struct ColorMode: Sendable, Equatable {
  /// Whether escape sequences are written.
  public let isEnabled: Bool

  public init(isEnabled: Bool) { self.isEnabled = isEnabled }

  /// Decides from the environment, the `--no-color` flag and whether stdout is a terminal.
  public static func detect(noColorFlag: Bool, environment: [String: String]) -> ColorMode {
    if noColorFlag { return ColorMode(isEnabled: false) }
    if let value = environment["NO_COLOR"], !value.isEmpty { return ColorMode(isEnabled: false) }
    return ColorMode(isEnabled: isatty(STDOUT_FILENO) == 1)
  }

  /// Wraps `text` in the escape sequences of `styles` when colour is on.
  public func apply(_ styles: TextStyle..., to text: String) -> String {
    guard isEnabled, !styles.isEmpty else { return text }
    let codes = styles.map(\.rawValue).joined(separator: ";")
    return "\u{1B}[\(codes)m\(text)\u{1B}[0m"
  }
}
