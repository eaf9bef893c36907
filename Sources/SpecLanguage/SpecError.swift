/// A model spec that cannot be parsed or built, pointing at the offending term.
///
/// Its description is always one line: line breaks and other control characters in the
/// spec become spaces, and a very long term is shortened, so the `error:` a command prints
/// stays a single line whatever was typed.
public struct SpecError: Error, CustomStringConvertible, Equatable, Sendable {
  /// The longest term text shown in a message; longer text ends in `…`.
  public static let longestShownText = 80
  /// The longest message kept; a longer one (quoting a huge name) ends in `…`.
  public static let longestMessage = 600

  /// 1-based number of the term, counting `input` as term 1; 0 for the whole spec.
  public let term: Int
  /// The text of the term as the learner wrote it (on one line, shortened if very long).
  public let text: String
  /// What is wrong, written for the learner (on one line).
  public let message: String

  public init(term: Int, text: String, message: String) {
    self.term = term
    self.text = Self.shortened(Self.oneLine(text), to: Self.longestShownText)
    self.message = Self.shortened(Self.oneLine(message), to: Self.longestMessage)
  }

  public var description: String {
    term == 0 ? message : "term \(term) `\(text)`: \(message)"
  }

  /// `text` with every run of line breaks, tabs and other control characters made one space.
  static func oneLine(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: isControl) else { return text }
    var result = String.UnicodeScalarView()
    var lastWasSpace = false
    for scalar in text.unicodeScalars {
      if isControl(scalar) {
        if !lastWasSpace { result.append(" ") }
        lastWasSpace = true
      } else {
        result.append(scalar)
        lastWasSpace = false
      }
    }
    return String(result)
  }

  /// `text` cut to `limit` characters, ending in `…` when it was longer.
  static func shortened(_ text: String, to limit: Int) -> String {
    guard text.count > limit else { return text }
    return String(text.prefix(limit - 1)) + "…"
  }

  private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.properties.generalCategory {
    case .control, .lineSeparator, .paragraphSeparator, .format:
      return scalar != "\u{200D}"  // keep the zero-width joiner of emoji sequences
    default:
      return false
    }
  }
}
