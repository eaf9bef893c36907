import Foundation

/// The memory state of one study card, as FSRS schedules it.
///
/// A value type with no identity: whoever stores cards keys them by the card's content id.
/// It mirrors py-fsrs's `Card` field by field (less `card_id`), so a card can be replayed
/// against the reference implementation.
public struct SchedulingCard: Codable, Hashable, Sendable {
  /// The life-cycle state.
  public var state: CardState
  /// The current learning or relearning step (0-based); `nil` in the review state.
  public var step: Int?
  /// FSRS stability in days (the interval at which recall probability falls to 90 %);
  /// `nil` until the first review.
  public var stability: Double?
  /// FSRS difficulty in [1, 10]; `nil` until the first review.
  public var difficulty: Double?
  /// When the card should next be reviewed.
  public var due: Date
  /// When the card was last reviewed; `nil` for a new card.
  public var lastReview: Date?

  /// Creates a card with every field given; use ``new(dueAt:)`` for a card never reviewed.
  public init(
    state: CardState,
    step: Int?,
    stability: Double?,
    difficulty: Double?,
    due: Date,
    lastReview: Date?
  ) {
    self.state = state
    self.step = step
    self.stability = stability
    self.difficulty = difficulty
    self.due = due
    self.lastReview = lastReview
  }

  /// A card never reviewed: learning, step 0, no stability or difficulty yet, due at `date`.
  ///
  /// The clock is injected: pass the time the card is created (or any time it becomes due).
  public static func new(dueAt date: Date) -> SchedulingCard {
    SchedulingCard(
      state: .learning,
      step: 0,
      stability: nil,
      difficulty: nil,
      due: date,
      lastReview: nil
    )
  }

  /// Whether the card has never been reviewed.
  public var isNew: Bool { stability == nil || difficulty == nil }
}
