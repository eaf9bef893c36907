import Curriculum
import Foundation
import ProgressStore

/// Stores one answer together with its spaced-repetition card in one transaction, so a
/// crash loses at most the question being answered.
struct AnswerRecorder {
  let store: any ProgressStoring
  let profileId: Int64
  var scheduler: ReviewScheduler = .standard

  /// The rating an answer gets by default: wrong → again, right after hints → hard,
  /// right → good.
  static func defaultRating(correct: Bool, hints: Int) -> Rating {
    guard correct else { return .again }
    return hints > 0 ? .hard : .good
  }

  /// Records the answer; when `updateSchedule` is false (cram, exam) the card is left as it is,
  /// except that a question answered for the first time still gets a card.
  @discardableResult
  func record(
    question: Question,
    answer: String,
    correct: Bool,
    seconds: Double,
    mode: String,
    rating: Rating?,
    updateSchedule: Bool,
    now: Date = Date()
  ) throws -> SchedulingCard? {
    let attempt = QuizAttempt(
      profileId: profileId,
      questionId: question.id,
      topic: question.topic,
      mode: mode,
      answer: answer,
      correct: correct,
      seconds: seconds,
      answeredAt: now
    )
    let existing = try store.card(profileId: profileId, questionId: question.id)
    guard let rating, updateSchedule || existing == nil else {
      try store.recordAnswer(attempt, card: nil, rating: nil)
      return existing.map(CardBridge.schedulingCard)
    }
    let current = existing.map(CardBridge.schedulingCard) ?? scheduler.newCard(dueAt: now)
    let next = scheduler.review(current, rating: rating, at: now).card
    try store.recordAnswer(
      attempt,
      card: CardBridge.row(next, profileId: profileId, questionId: question.id),
      rating: ReviewLogRecord(
        profileId: profileId,
        questionId: question.id,
        rating: rating.name,
        reviewedAt: now,
        durationMs: Int(seconds * 1000)
      )
    )
    return next
  }
}
