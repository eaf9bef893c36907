/// Splits a REPL line into words the way a shell would: spaces separate words, single
/// and double quotes group them, a backslash escapes the next character.
enum CommandLineSplitter {
  /// A line whose quotes do not close.
  struct UnclosedQuote: Error, CustomStringConvertible {
    let quote: Character
    var description: String { "the \(quote) quote is not closed; close it and try again" }
  }

  static func split(_ line: String) throws(UnclosedQuote) -> [String] {
    var words: [String] = []
    var current = ""
    var inWord = false
    var quote: Character?
    var escaped = false
    for character in line {
      if escaped {
        current.append(character)
        escaped = false
        inWord = true
        continue
      }
      if let open = quote {
        if character == open {
          quote = nil
        } else if character == "\\" && open == "\"" {
          escaped = true
        } else {
          current.append(character)
        }
        continue
      }
      switch character {
      case "'", "\"":
        quote = character
        inWord = true
      case "\\":
        escaped = true
      case " ", "\t":
        if inWord {
          words.append(current)
          current = ""
          inWord = false
        }
      default:
        current.append(character)
        inWord = true
      }
    }
    if let quote { throw UnclosedQuote(quote: quote) }
    if inWord { words.append(current) }
    return words
  }
}
