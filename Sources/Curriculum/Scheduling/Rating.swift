/// How well the learner recalled a card, as FSRS's four grades.
///
/// The raw values are py-fsrs's (`Rating.Again == 1` … `Rating.Easy == 4`); FSRS formulas
/// use them as numbers (`G - 3` in the difficulty update), so they must not change.
/// An auto-graded quiz maps a right answer to `.good` and a wrong one to `.again`.
public enum Rating: Int, CaseIterable, Codable, Hashable, Sendable {
  /// Forgotten: the card lapses (or restarts its learning steps).
  case again = 1
  /// Recalled with serious difficulty.
  case hard = 2
  /// Recalled after some hesitation; the usual grade.
  case good = 3
  /// Recalled at once, without effort.
  case easy = 4

  /// Creates a rating from its lowercase name (`again`, `hard`, `good`, `easy`).
  public init?(name: String) {
    guard let rating = Self.allCases.first(where: { $0.name == name }) else { return nil }
    self = rating
  }

  /// The lowercase name used on the command line and in JSON.
  public var name: String {
    switch self {
    case .again: return "again"
    case .hard: return "hard"
    case .good: return "good"
    case .easy: return "easy"
    }
  }
}
