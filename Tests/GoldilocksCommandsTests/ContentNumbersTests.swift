import Curriculum
import Engine
import Foundation
import SpecLanguage
import Testing

/// Every figure in the content that the engine can compute must be what it computes.
@Suite struct ContentNumbersTests {
  static let library: ContentLibrary? = {
    var url = URL(fileURLWithPath: #filePath)
    while url.path != "/" {
      url.deleteLastPathComponent()
      if FileManager.default.fileExists(atPath: url.path + "/content/chapters") {
        return try? ContentLibrary.load(root: url.path)
      }
    }
    return nil
  }()

  /// All prose: section bodies, question prompts and explanations, scenario set-ups.
  static var texts: [(place: String, text: String)] {
    guard let library else { return [] }
    var out: [(String, String)] = []
    for section in library.sections { out.append(("section \(section.id)", section.body)) }
    for question in library.questions {
      out.append(("question \(question.id)", question.prompt + "\n" + question.explanation))
    }
    for scenario in library.scenarios {
      out.append(("scenario \(scenario.id)", scenario.setup + "\n" + scenario.decision.explanation))
    }
    return out
  }

  @Test func arithmeticInTheContentAddsUp() throws {
    let pattern = try NSRegularExpression(
      pattern: #"((?:\d[\d,]*(?:\.\d+)?\s*[·×*+−/]\s*)+\d[\d,]*(?:\.\d+)?)"#
        + #"\s*=\s*(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\d.,]*\d)(?!\s*[·×*/^]|[A-Za-z·×])"#
    )
    var checked = 0
    var wrong: [String] = []
    for (place, text) in Self.texts {
      let range = NSRange(text.startIndex..., in: text)
      for match in pattern.matches(in: text, range: range) {
        // Skip a tail of a longer expression the pattern cannot read (10⁹ × 4.5 / 8, w·10 + 10).
        let before = text[..<(Range(match.range, in: text)?.lowerBound ?? text.startIndex)]
          .trimmingCharacters(in: .whitespaces)
        if let last = before.last, "·×*+−/^⁰¹²³⁴⁵⁶⁷⁸⁹".contains(last) || last.isLetter { continue }
        guard let left = Range(match.range(at: 1), in: text),
          let right = Range(match.range(at: 2), in: text),
          let value = Self.evaluate(String(text[left])),
          let stated = Double(text[right].replacingOccurrences(of: ",", with: ""))
        else { continue }
        checked += 1
        if abs(value - stated) > max(0.51, abs(stated) * 1e-6) {
          wrong.append("\(place): \(text[left]) = \(text[right]) but it is \(value)")
        }
      }
    }
    #expect(checked >= 30, "only \(checked) expressions found")
    #expect(wrong.isEmpty, "\(wrong.joined(separator: "\n"))")
  }

  @Test func parameterCountsOfPresetsInTheProseAreTheEngines() throws {
    let names = Preset.names.map { NSRegularExpression.escapedPattern(for: $0) }
      .joined(separator: "|")
    let pattern = try NSRegularExpression(
      pattern: "`(\(names))`[^.\\n`\\d]{0,40}?(\\d{1,3}(?:,\\d{3})+) parameters"
    )
    var checked = 0
    var wrong: [String] = []
    for (place, text) in Self.texts {
      for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
        guard let nameRange = Range(match.range(at: 1), in: text),
          let countRange = Range(match.range(at: 2), in: text)
        else { continue }
        let name = String(text[nameRange])
        let stated = Int64(text[countRange].replacingOccurrences(of: ",", with: "")) ?? -1
        let computed = try ModelSpec.parse(name).totalParameters
        checked += 1
        if stated != computed {
          wrong.append("\(place): `\(name)` has \(computed), text says \(stated)")
        }
      }
    }
    #expect(checked >= 3)
    #expect(wrong.isEmpty, "\(wrong.joined(separator: "\n"))")
  }

  @Test func parameterQuestionsAboutASpecHaveTheEnginesAnswer() throws {
    let library = try #require(Self.library)
    let spec = try NSRegularExpression(pattern: "`(input\\([^`]*)`")
    var checked = 0
    var wrong: [String] = []
    for question in library.questions {
      guard case .numeric(let answer, _, let unit) = question.kind,
        let unit, unit.lowercased().contains("param"),
        question.prompt.lowercased().contains("how many parameters")
      else { continue }
      let text = question.prompt
      guard let match = spec.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
        let range = Range(match.range(at: 1), in: text),
        let model = try? ModelSpec.parse(String(text[range]))
      else { continue }
      checked += 1
      if Double(model.totalParameters) != answer {
        wrong.append("\(question.id): engine \(model.totalParameters), bank \(answer)")
      }
    }
    #expect(wrong.isEmpty, "\(wrong.joined(separator: "\n"))")
    #expect(checked >= 1)
  }

  /// Evaluates `a·b + c − d / e` with the usual precedence; nil when it is not arithmetic.
  static func evaluate(_ expression: String) -> Double? {
    var tokens: [String] = []
    var number = ""
    for character in expression {
      if character.isNumber || character == "." {
        number.append(character)
      } else if character == "," {
        continue
      } else if "·×*+−/".contains(character) {
        if number.isEmpty { return nil }
        tokens.append(number)
        number = ""
        tokens.append(String(character))
      } else if character != " " {
        return nil
      }
    }
    guard !number.isEmpty else { return nil }
    tokens.append(number)
    var terms: [Double] = []
    var signs: [Double] = []
    var current: Double?
    var sign = 1.0
    var index = 0
    while index < tokens.count {
      guard let value = Double(tokens[index]) else { return nil }
      if let pending = current, index > 0 {
        let op = tokens[index - 1]
        current = op == "/" ? pending / value : pending * value
      } else {
        current = value
      }
      let next = index + 1 < tokens.count ? tokens[index + 1] : "+"
      if next == "+" || next == "−" {
        terms.append(current ?? 0)
        signs.append(sign)
        sign = next == "+" ? 1 : -1
        current = nil
      }
      index += 2
    }
    return zip(terms, signs).reduce(0) { $0 + $1.0 * $1.1 }
  }
}
