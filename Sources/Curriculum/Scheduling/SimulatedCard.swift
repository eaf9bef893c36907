import Foundation

/// A card after one replayed review, in the JSON shape `srs simulate --json` prints.
///
/// Encodes as `{"state": "review", "step": null, "stability": 2.3065,
/// "difficulty": 2.1112, "due": "2026-01-03T09:10:00Z"}`, keys in that order, `step`
/// written as `null` in the review state, `due` in UTC to the second.
public struct SimulatedCard: Encodable, Hashable, Sendable {
  /// The life-cycle state after the review.
  public var state: CardState
  /// The learning or relearning step; `nil` in the review state.
  public var step: Int?
  /// Stability in days.
  public var stability: Double
  /// Difficulty in [1, 10].
  public var difficulty: Double
  /// When the card is next due.
  public var due: Date

  /// Creates a simulated card from its fields.
  public init(state: CardState, step: Int?, stability: Double, difficulty: Double, due: Date) {
    self.state = state
    self.step = step
    self.stability = stability
    self.difficulty = difficulty
    self.due = due
  }

  /// The simulated view of a card that has been reviewed at least once.
  public init(_ card: SchedulingCard) {
    self.init(
      state: card.state,
      step: card.step,
      stability: card.stability ?? ReviewScheduler.minimumStability,
      difficulty: card.difficulty ?? ReviewScheduler.difficultyRange.lowerBound,
      due: card.due
    )
  }

  /// `due` as `yyyy-MM-dd'T'HH:mm:ss'Z'`.
  public var dueText: String { UTCTimestamp.format(due) }

  private enum CodingKeys: String, CodingKey {
    case state, step, stability, difficulty, due
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(state.name, forKey: .state)
    if let step {
      try container.encode(step, forKey: .step)
    } else {
      try container.encodeNil(forKey: .step)
    }
    try container.encode(stability, forKey: .stability)
    try container.encode(difficulty, forKey: .difficulty)
    try container.encode(dueText, forKey: .due)
  }
}
