/// Where a card is in its FSRS life cycle.
///
/// The raw values are py-fsrs's `State` values, so that stored cards can be compared with
/// the reference implementation.
public enum CardState: Int, CaseIterable, Codable, Hashable, Sendable {
  /// New or being learned: moves through the learning steps (1 min, 10 min by default).
  case learning = 1
  /// Graduated: scheduled in whole days from its stability.
  case review = 2
  /// Lapsed from review: moves through the relearning steps (10 min by default).
  case relearning = 3

  /// The lowercase name used in JSON (`learning`, `review`, `relearning`).
  public var name: String {
    switch self {
    case .learning: return "learning"
    case .review: return "review"
    case .relearning: return "relearning"
    }
  }
}
