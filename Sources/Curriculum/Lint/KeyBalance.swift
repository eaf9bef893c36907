/// How the keyed answers of the single-choice questions are spread: which letter is
/// right, and how often the right option is the longest one.
///
/// A test-wise learner picks the longest option or a favourite letter. With four
/// options each cue should pay off about a quarter of the time; `content lint` warns
/// when either is off by more than `tolerance`, in either direction (a key that is
/// almost never the longest is a cue too).
public struct KeyBalance: Sendable, Equatable, Encodable {
  /// How far a share may stray from chance before lint warns (10 points).
  public static let tolerance = 0.10

  /// Single-choice questions counted.
  public let single: Int
  /// How many of them key the strictly longest option.
  public let keyedLongest: Int
  /// `keyedLongest / single`.
  public let longestShare: Double
  /// The share chance would give: the mean of 1 / number of options.
  public let chanceShare: Double
  /// How often each letter is the key, by letter.
  public let letters: [String: Int]

  public init(_ questions: [Question]) {
    var single = 0
    var longest = 0
    var chance = 0.0
    var letters: [String: Int] = [:]
    for question in questions {
      guard case .single(let choices, let answer) = question.kind, choices.indices.contains(answer)
      else { continue }
      single += 1
      chance += 1 / Double(choices.count)
      letters[QuestionKind.letter(answer), default: 0] += 1
      let keyed = choices[answer].count
      if choices.indices.allSatisfy({ $0 == answer || choices[$0].count < keyed }) {
        longest += 1
      }
    }
    self.single = single
    keyedLongest = longest
    longestShare = single == 0 ? 0 : Double(longest) / Double(single)
    chanceShare = single == 0 ? 0 : chance / Double(single)
    self.letters = letters
  }

  /// The warnings `content lint` prints for these figures.
  public var diagnostics: [ContentDiagnostic] {
    guard single >= 20 else { return [] }
    var out: [ContentDiagnostic] = []
    if abs(longestShare - chanceShare) > Self.tolerance {
      out.append(
        ContentDiagnostic(
          .warning,
          file: "quizzes",
          line: 0,
          message:
            "the keyed option is the longest in \(Self.percent(longestShare)) of \(single) single-choice questions (chance: \(Self.percent(chanceShare))); vary option lengths so length gives no cue either way"
        )
      )
    }
    let letterCount = max(letters.count, 1)
    for (letter, count) in letters.sorted(by: { $0.key < $1.key }) {
      let share = Double(count) / Double(single)
      if abs(share - 1 / Double(letterCount)) > Self.tolerance {
        out.append(
          ContentDiagnostic(
            .warning,
            file: "quizzes",
            line: 0,
            message:
              "\(letter) is the key of \(Self.percent(share)) of the single-choice questions; spread the keys evenly over the letters"
          )
        )
      }
    }
    return out
  }

  /// A share as a whole percentage: 0.243 → "24 %".
  public static func percent(_ share: Double) -> String {
    String(Int((share * 100).rounded())) + " %"
  }
}
