/// The exam's question types, each with what a right answer is.
public enum QuestionKind: Sendable, Equatable {
  /// One right option among `choices`.
  case single(choices: [String], answer: Int)
  /// Two or more right options; all of them and nothing else must be chosen.
  case multiple(choices: [String], answers: Set<Int>)
  /// The choices in the right order, as indices into `choices`.
  case ordering(choices: [String], order: [Int])
  /// Each prompt on the left paired with one option on the right (indices, 0-based).
  case matching(left: [String], right: [String], pairs: [Int: Int])
  /// A number, right when within `tolerance` of `answer`.
  case numeric(answer: Double, tolerance: Double, unit: String?)
  /// A word or phrase; `accepted` lists other right spellings.
  case short(answer: String, accepted: [String])

  /// The type's name as content files write it.
  public var name: String {
    switch self {
    case .single: return "single"
    case .multiple: return "multiple"
    case .ordering: return "ordering"
    case .matching: return "matching"
    case .numeric: return "numeric"
    case .short: return "short"
    }
  }

  /// The letter of option `index`: 0 → A.
  public static func letter(_ index: Int) -> String {
    String(UnicodeScalar(UInt8(65 + index)))
  }
}
