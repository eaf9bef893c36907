/// Splits a spec into terms separated by white space and/or `->`.
///
/// Each term is `name` or `name(arguments)`. Hand-written so every malformed input gets a
/// pointed `SpecError`.
enum SpecTokenizer {
  /// The terms of `text`, in order; an empty spec gives no terms.
  static func terms(of text: String) throws(SpecError) -> [Term] {
    let characters = Array(text)
    var terms: [Term] = []
    var index = 0

    func isSeparator(_ position: Int) -> Bool {
      characters[position].isWhitespace
        || (characters[position] == "-" && position + 1 < characters.count
          && characters[position + 1] == ">")
    }

    while index < characters.count {
      if characters[index].isWhitespace {
        index += 1
        continue
      }
      if characters[index] == "-" && index + 1 < characters.count && characters[index + 1] == ">" {
        index += 2
        continue
      }
      let number = terms.count + 1
      let start = index
      let character = characters[index]
      guard character.isLetter else {
        let shown = String(character)
        let message =
          character == ")"
          ? "unexpected `)` without a matching `(`"
          : character == "("
            ? "`(` must follow a layer name directly, e.g. dense(10)"
            : "unexpected character `\(shown)`; a term is a name such as dense(10)"
        throw SpecError(term: number, text: restOfTerm(characters, from: start), message: message)
      }
      while index < characters.count
        && (characters[index].isLetter || characters[index].isNumber || characters[index] == "_"
          || (characters[index] == "-" && !isSeparator(index))
          || SpecRepeat.isDotInName(characters, at: index))
      {
        index += 1
      }
      let name = String(characters[start..<index])
      var arguments: [Term.Argument] = []
      var repeatCount = 1
      if index < characters.count && characters[index] == "(" {
        let open = index
        let holdsTerms = LayerCatalog.blockNames.contains(name)
        var depth = 0
        index += 1
        while index < characters.count && (characters[index] != ")" || depth > 0) {
          if characters[index] == "(" {
            guard holdsTerms else {
              throw SpecError(
                term: number,
                text: restOfTerm(characters, from: start),
                message: "unexpected `(` inside the arguments of \(name)"
              )
            }
            depth += 1
          } else if characters[index] == ")" {
            depth -= 1
          }
          index += 1
        }
        guard index < characters.count else {
          throw SpecError(
            term: number,
            text: String(characters[start...]),
            message: "missing `)` to close the `(` of \(name)"
          )
        }
        let inside = String(characters[(open + 1)..<index])
        index += 1
        let text = String(characters[start..<index])
        if holdsTerms {
          // A block's argument is a spec of its own (`residual(dense(64,relu) dense(64))`),
          // read by the catalog.
          let body = inside.trimmingWhitespace
          arguments = body.isEmpty ? [] : [Term.Argument(key: nil, value: body)]
        } else {
          arguments = try parseArguments(
            inside,
            term: Term(number: number, name: name, arguments: [], text: text)
          )
        }
        repeatCount = try SpecRepeat.count(
          characters,
          at: &index,
          term: Term(number: number, name: name, arguments: [], text: text)
        )
      } else if index < characters.count && !isSeparator(index) {
        let text = restOfTerm(characters, from: start)
        let shown =
          characters[index] == ")"
          ? "unexpected `)` without a matching `(`"
          : "unexpected character `\(characters[index])` after \(name)"
        throw SpecError(term: number, text: text, message: shown)
      }
      terms.append(
        Term(
          number: number,
          name: name,
          arguments: arguments,
          text: String(characters[start..<index]),
          repeatCount: repeatCount
        )
      )
    }
    return terms
  }

  /// The text from `start` up to the next white space, for error messages.
  private static func restOfTerm(_ characters: [Character], from start: Int) -> String {
    var end = start
    while end < characters.count && !characters[end].isWhitespace { end += 1 }
    return String(characters[start..<max(end, min(start + 1, characters.count))])
  }

  /// `a, b, key=value` → arguments; empty text gives none.
  private static func parseArguments(_ inside: String, term: Term) throws(SpecError) -> [Term
    .Argument]
  {
    let trimmed = inside.trimmingWhitespace
    if trimmed.isEmpty { return [] }
    var result: [Term.Argument] = []
    for piece in trimmed.split(separator: ",", omittingEmptySubsequences: false) {
      let argument = String(piece).trimmingWhitespace
      if argument.isEmpty {
        throw term.error("an argument is empty (two commas in a row, or a trailing comma)")
      }
      if let equals = argument.firstIndex(of: "=") {
        let key = String(argument[..<equals]).trimmingWhitespace
        let value = String(argument[argument.index(after: equals)...]).trimmingWhitespace
        if key.isEmpty || value.isEmpty {
          throw term.error("`\(argument)` should be key=value, e.g. stride=2")
        }
        result.append(Term.Argument(key: key, value: value))
      } else {
        result.append(Term.Argument(key: nil, value: argument))
      }
    }
    return result
  }
}

extension String {
  /// The string without leading and trailing white space.
  var trimmingWhitespace: String {
    let characters = Array(self)
    guard let first = characters.firstIndex(where: { !$0.isWhitespace }),
      let last = characters.lastIndex(where: { !$0.isWhitespace })
    else { return "" }
    return String(characters[first...last])
  }
}
