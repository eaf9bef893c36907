import Foundation

/// The result of grading one response.
public struct Grade: Sendable, Equatable {
  /// Whether the response is right.
  public let isCorrect: Bool
  /// The response in a canonical form (`B`, `A C`, `1B 2A`, `18496`), for the record.
  public let normalized: String
  /// The right answer, written for the learner.
  public let expected: String
  /// Set when the response could not be read; says how to answer.
  public let problem: String?
}

extension Question {
  /// Grades the learner's `response`, accepting equivalent spellings: letters or
  /// numbers, any separators, thousands separators and units for numbers.
  public func grade(_ response: String) -> Grade {
    let text = response.trimmingCharacters(in: .whitespacesAndNewlines)
    let expected = answerText
    switch kind {
    case .single(let choices, let answer):
      guard let picks = Self.optionIndices(text, count: choices.count), picks.count == 1 else {
        return Grade(
          isCorrect: false,
          normalized: text,
          expected: expected,
          problem: "answer with one letter, A to \(QuestionKind.letter(choices.count - 1))"
        )
      }
      return Grade(
        isCorrect: picks[0] == answer,
        normalized: QuestionKind.letter(picks[0]),
        expected: expected,
        problem: nil
      )
    case .multiple(let choices, let answers):
      guard let picks = Self.optionIndices(text, count: choices.count), !picks.isEmpty else {
        return Grade(
          isCorrect: false,
          normalized: text,
          expected: expected,
          problem: "answer with the letters of every right option, e.g. `A C`"
        )
      }
      let set = Set(picks)
      return Grade(
        isCorrect: set == answers,
        normalized: set.sorted().map(QuestionKind.letter).joined(separator: " "),
        expected: expected,
        problem: nil
      )
    case .ordering(let choices, let order):
      guard let picks = Self.optionIndices(text, count: choices.count),
        picks.count == choices.count, Set(picks).count == choices.count
      else {
        return Grade(
          isCorrect: false,
          normalized: text,
          expected: expected,
          problem: "answer with all \(choices.count) letters in order, e.g. `C A B`"
        )
      }
      return Grade(
        isCorrect: picks == order,
        normalized: picks.map(QuestionKind.letter).joined(separator: " "),
        expected: expected,
        problem: nil
      )
    case .matching(let left, let right, let pairs):
      guard let given = Self.matchingPairs(text, left: left.count, right: right.count) else {
        return Grade(
          isCorrect: false,
          normalized: text,
          expected: expected,
          problem:
            "pair every prompt with a letter, e.g. `1B 2A 3C`, or give the letters in prompt order"
        )
      }
      return Grade(
        isCorrect: given == pairs,
        normalized: Self.pairsText(given),
        expected: expected,
        problem: nil
      )
    case .numeric(let answer, let tolerance, _):
      guard let value = Self.number(text) else {
        return Grade(
          isCorrect: false,
          normalized: text,
          expected: expected,
          problem: "answer with a number, e.g. 18496 or 18,496"
        )
      }
      let allowed = max(tolerance, abs(answer) * 1e-9)
      return Grade(
        isCorrect: abs(value - answer) <= allowed,
        normalized: Self.format(value),
        expected: expected,
        problem: nil
      )
    case .short(let answer, let accepted):
      let given = Self.normalizePhrase(text)
      let right = ([answer] + accepted).map(Self.normalizePhrase)
      return Grade(
        isCorrect: !given.isEmpty && right.contains(given),
        normalized: given,
        expected: expected,
        problem: given.isEmpty ? "type your answer" : nil
      )
    }
  }

  /// The right answer as a learner reads it.
  public var answerText: String {
    switch kind {
    case .single(let choices, let answer):
      return "\(QuestionKind.letter(answer)) (\(choices[answer]))"
    case .multiple(_, let answers):
      return answers.sorted().map(QuestionKind.letter).joined(separator: " ")
    case .ordering(_, let order):
      return order.map(QuestionKind.letter).joined(separator: " ")
    case .matching(_, _, let pairs):
      return Self.pairsText(pairs)
    case .numeric(let answer, let tolerance, let unit):
      var text = Self.format(answer)
      if tolerance > 0 { text += " (± \(Self.format(tolerance)))" }
      if let unit { text += " \(unit)" }
      return text
    case .short(let answer, _):
      return answer
    }
  }

  static func pairsText(_ pairs: [Int: Int]) -> String {
    pairs.keys.sorted().map { "\($0 + 1)\(QuestionKind.letter(pairs[$0] ?? 0))" }
      .joined(separator: " ")
  }

  /// Letters (A, b) or 1-based numbers, separated by anything or nothing.
  static func optionIndices(_ text: String, count: Int) -> [Int]? {
    var result: [Int] = []
    let tokens = text.uppercased().split { !$0.isLetter && !$0.isNumber }
    for token in tokens {
      if let number = Int(token) {
        guard (1...count).contains(number) else { return nil }
        result.append(number - 1)
      } else {
        for character in token {
          guard let ascii = character.asciiValue, ascii >= 65, Int(ascii) - 65 < count else {
            return nil
          }
          result.append(Int(ascii) - 65)
        }
      }
    }
    return result
  }

  /// `1B 2A 3C`, `1-b, 2-a`, or just `B A C` in prompt order.
  static func matchingPairs(_ text: String, left: Int, right: Int) -> [Int: Int]? {
    let tokens = text.uppercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
    var pairs: [Int: Int] = [:]
    if tokens.allSatisfy({ $0.allSatisfy(\.isLetter) }) {
      let letters = tokens.joined()
      guard letters.count == left else { return nil }
      for (index, character) in letters.enumerated() {
        guard let ascii = character.asciiValue, Int(ascii) - 65 < right else { return nil }
        pairs[index] = Int(ascii) - 65
      }
      return pairs
    }
    var pending: Int?
    for token in tokens {
      let digits = token.prefix { $0.isNumber }
      let rest = token.dropFirst(digits.count)
      if let number = Int(digits) {
        guard (1...left).contains(number) else { return nil }
        pending = number - 1
      }
      if !rest.isEmpty {
        guard let prompt = pending, rest.count == 1, let ascii = rest.first?.asciiValue,
          Int(ascii) - 65 < right, Int(ascii) >= 65
        else { return nil }
        pairs[prompt] = Int(ascii) - 65
        pending = nil
      }
    }
    return pairs.count == left && pending == nil ? pairs : nil
  }

  /// A number with optional thousands separators, underscores, spaces and a unit.
  static func number(_ text: String) -> Double? {
    var cleaned = text.replacingOccurrences(of: ",", with: "")
      .replacingOccurrences(of: "_", with: "")
      .replacingOccurrences(of: "\u{2009}", with: "")
    cleaned = String(cleaned.prefix { "0123456789.-+eE ".contains($0) })
      .replacingOccurrences(of: " ", with: "")
    while let last = cleaned.last, "eE+-".contains(last) { cleaned.removeLast() }
    return Double(cleaned)
  }

  static func format(_ value: Double) -> String {
    guard value == value.rounded(), abs(value) < 1e15 else { return String(value) }
    let digits = String(Int64(value).magnitude)
    guard digits.count > 3 else { return String(Int64(value)) }
    var out = ""
    for (index, character) in digits.enumerated() {
      if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
      out.append(character)
    }
    return (value < 0 ? "-" : "") + out
  }

  static func normalizePhrase(_ text: String) -> String {
    let lowered = text.lowercased().replacingOccurrences(of: "-", with: " ")
    let words = lowered.split { !$0.isLetter && !$0.isNumber && $0 != "." }
    return words.joined(separator: " ")
  }
}
