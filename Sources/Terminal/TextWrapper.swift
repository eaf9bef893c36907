/// Wraps plain text to a width, keeping paragraphs, leading indentation and the gaps
/// between words.
///
/// Every line of prose the tool prints goes through `wrap(_:width:)`, directly or through
/// `WrappingOutput`, so that no terminal ever has to cut a word in two.
public enum TextWrapper {
  /// The narrowest width text is wrapped to; narrower requests are raised to it.
  public static let minimumWidth = 20

  /// Wraps every line of `text` that is wider than `width` at spaces.
  ///
  /// Continuation lines keep the indentation of the line they came from, plus the width of
  /// a list marker (`• `, `- `, `A. `, `12. `) when the line starts with one, so that an item's
  /// text lines up under its first word. Runs of spaces between words are kept; a run at a
  /// break is dropped. A word wider than the line is broken after a `/`, `-`, `,` or `_` when
  /// it has one, and cut only when it has none.
  public static func wrap(_ text: String, width: Int) -> String {
    let width = max(minimumWidth, width)
    var out: [String] = []
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      out.append(contentsOf: wrapLine(String(line), width: width))
    }
    return out.joined(separator: "\n")
  }

  /// The wrapped lines of one line of text (no newline inside).
  ///
  /// Unlike `wrap(_:width:)`, any width from 1 up is honoured (table cells are narrow).
  ///
  /// - Parameter hangingIndent: the columns continuation lines are indented by; `nil`
  ///   keeps the line's own indentation (and list marker).
  public static func wrapLine(_ line: String, width: Int, hangingIndent: Int? = nil) -> [String] {
    let width = max(1, width)
    guard visibleLength(line) > width else { return [line] }
    if isRule(line) { return [truncateRule(line, width: width)] }
    let indent = String(line.prefix { $0 == " " })
    let body = line.dropFirst(indent.count)
    let hang =
      hangingIndent.map { String(repeating: " ", count: $0) }
      ?? indent + String(repeating: " ", count: markerWidth(of: body))
    let continuation = visibleLength(hang) <= width / 2 ? hang : indent
    var lines: [String] = []
    var current = indent
    var currentLength = visibleLength(indent)
    var hasWord = false
    for (gap, word) in tokens(body) {
      var pieces = [word]
      let room = width - visibleLength(continuation)
      if visibleLength(word) > room { pieces = breakWord(word, width: room) }
      for (index, piece) in pieces.enumerated() {
        let pieceLength = visibleLength(piece)
        let gapLength = index == 0 ? gap.count : 0
        if hasWord, currentLength + gapLength + pieceLength > width {
          lines.append(current)
          current = continuation
          currentLength = visibleLength(continuation)
          hasWord = false
        }
        if hasWord, index == 0 {
          current += gap
          currentLength += gapLength
        }
        current += piece
        currentLength += pieceLength
        hasWord = true
      }
    }
    lines.append(current)
    return lines
  }

  /// The words of `text` with the run of spaces before each (empty for the first).
  static func tokens(_ text: Substring) -> [(gap: String, word: String)] {
    var result: [(gap: String, word: String)] = []
    var gap = ""
    var word = ""
    for character in text {
      if character == " " {
        if !word.isEmpty {
          result.append((gap, word))
          word = ""
          gap = ""
        }
        gap.append(character)
      } else {
        word.append(character)
      }
    }
    if !word.isEmpty { result.append((gap, word)) }
    if result.first != nil { result[0].gap = "" }
    return result
  }

  /// The width of a list marker at the start of `text`: `• `, `- `, `* `, `A. `, `3) `.
  static func markerWidth(of text: Substring) -> Int {
    for bullet in ["• ", "- ", "* ", "· ", "▶ ", "✓ ", "✗ "] where text.hasPrefix(bullet) {
      return bullet.count
    }
    let head = text.prefix { $0.isLetter || $0.isNumber }
    guard (1...3).contains(head.count), head.allSatisfy({ $0.isNumber }) || head.count == 1
    else { return 0 }
    let rest = text.dropFirst(head.count)
    if rest.hasPrefix(". ") || rest.hasPrefix(") ") { return head.count + 2 }
    return 0
  }

  /// Pieces of a word wider than `width`: broken after `/ - , _` where possible.
  static func breakWord(_ word: String, width: Int) -> [String] {
    let width = max(1, width)
    var pieces: [String] = []
    var rest = Substring(word)
    while visibleLength(String(rest)) > width {
      var cut = rest.startIndex
      var lastBreak: String.Index?
      var columns = 0
      for index in rest.indices {
        let character = rest[index]
        let next = columns + columnWidth(of: character)
        if next > width { break }
        columns = next
        cut = rest.index(after: index)
        if "/-,_".contains(character) { lastBreak = cut }
      }
      if let lastBreak, lastBreak > rest.startIndex { cut = lastBreak }
      if cut == rest.startIndex { cut = rest.index(after: rest.startIndex) }
      pieces.append(String(rest[..<cut]))
      rest = rest[cut...]
    }
    if !rest.isEmpty { pieces.append(String(rest)) }
    return pieces
  }

  /// Whether `line` is a drawn rule (box-drawing characters only), which is shortened
  /// rather than wrapped.
  static func isRule(_ line: String) -> Bool {
    let trimmed = line.drop { $0 == " " }
    return !trimmed.isEmpty && trimmed.allSatisfy { "━─═┄-".contains($0) }
  }

  static func truncateRule(_ line: String, width: Int) -> String {
    String(line.prefix(width))
  }

  /// The number of terminal columns `text` takes, not counting ANSI escape sequences:
  /// wide (East Asian, emoji) characters take two, combining marks none.
  public static func visibleLength(_ text: String) -> Int {
    var count = 0
    var inEscape = false
    for character in text {
      if inEscape {
        if character == "m" { inEscape = false }
        continue
      }
      if character == "\u{1B}" {
        inEscape = true
        continue
      }
      count += columnWidth(of: character)
    }
    return count
  }

  /// The columns one character takes in a terminal: 0, 1 or 2.
  public static func columnWidth(of character: Character) -> Int {
    guard let scalar = character.unicodeScalars.first else { return 0 }
    let value = scalar.value
    if value < 0x20 || (0x7F..<0xA0).contains(value) { return 0 }
    if scalar.properties.generalCategory == .nonspacingMark
      || scalar.properties.generalCategory == .enclosingMark || value == 0x200B
    {
      return 0
    }
    if character.unicodeScalars.contains(where: { $0.value == 0xFE0F }) { return 2 }
    switch value {
    case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
      0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
      0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
      return 2
    default:
      return 1
    }
  }
}
