/// Wraps plain text to a width, keeping paragraphs and leading indentation.
public enum TextWrapper {
  /// Wraps every line of `text` that is longer than `width` at spaces.
  ///
  /// Continuation lines keep the indentation of the line they came from. Words longer
  /// than the width are left whole rather than cut.
  public static func wrap(_ text: String, width: Int) -> String {
    let width = max(20, width)
    var out: [String] = []
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      out.append(contentsOf: wrapLine(String(line), width: width))
    }
    return out.joined(separator: "\n")
  }

  static func wrapLine(_ line: String, width: Int) -> [String] {
    guard visibleLength(line) > width else { return [line] }
    let indent = String(line.prefix { $0 == " " })
    let words = line.dropFirst(indent.count).split(separator: " ", omittingEmptySubsequences: true)
    var lines: [String] = []
    var current = indent
    var currentLength = indent.count
    for word in words {
      let wordLength = visibleLength(String(word))
      if currentLength > indent.count, currentLength + 1 + wordLength > width {
        lines.append(current)
        current = indent
        currentLength = indent.count
      }
      if currentLength > indent.count {
        current += " "
        currentLength += 1
      }
      current += word
      currentLength += wordLength
    }
    lines.append(current)
    return lines
  }

  /// The number of columns `text` takes, not counting ANSI escape sequences.
  public static func visibleLength(_ text: String) -> Int {
    var count = 0
    var inEscape = false
    for scalar in text.unicodeScalars {
      if inEscape {
        if scalar == "m" { inEscape = false }
        continue
      }
      if scalar == "\u{1B}" {
        inEscape = true
        continue
      }
      count += 1
    }
    return count
  }
}
