import Curriculum
import Foundation
import ProgressStore

/// Converts between the scheduler's cards and the store's rows.
enum CardBridge {
  static func schedulingCard(_ row: ReviewCard) -> SchedulingCard {
    SchedulingCard(
      state: CardState.allCases.first { $0.name == row.state } ?? .learning,
      step: row.step,
      stability: row.stability,
      difficulty: row.difficulty,
      due: row.due,
      lastReview: row.lastReview
    )
  }

  static func row(_ card: SchedulingCard, profileId: Int64, questionId: String) -> ReviewCard {
    ReviewCard(
      profileId: profileId,
      questionId: questionId,
      state: card.state.name,
      step: card.step,
      stability: card.stability,
      difficulty: card.difficulty,
      due: card.due,
      lastReview: card.lastReview
    )
  }
}
