import Curriculum
import Foundation
import ProgressStore
import Terminal

/// Stores one answer together with its spaced-repetition card in one transaction, so a
/// crash loses at most the question being answered.
struct AnswerRecorder {
  /// What one `record` call stored, enough to take it back (`undo`).
  struct Recorded {
    /// The card after the answer (the existing one when the schedule was left alone).
    let card: SchedulingCard?
    /// The stored answer, with its row id.
    let attempt: QuizAttempt
    /// The card as it was before, `nil` when the answer created it.
    let previousCard: ReviewCard?
    /// Whether the answer changed the card (and wrote a review-log row).
    let changedCard: Bool
  }

  let store: any ProgressStoring
  let profileId: Int64
  var scheduler: ReviewScheduler = .standard
  /// Where the time of each answer comes from: the session's clock (fixed in tests).
  var clock: any TimeSource

  /// The rating an answer gets by default: wrong → again, right after hints → hard,
  /// right → good.
  static func defaultRating(correct: Bool, hints: Int) -> Rating {
    guard correct else { return .again }
    return hints > 0 ? .hard : .good
  }

  /// The card each rating would give `questionId`'s card at `now`, drawn once so that the
  /// interval shown before the learner picks is the one stored after.
  func outcomes(questionId: String, at now: Date) throws -> [Rating: SchedulingCard] {
    let existing = try store.card(profileId: profileId, questionId: questionId)
    let current = existing.map(CardBridge.schedulingCard) ?? scheduler.newCard(dueAt: now)
    var generator = SystemRandomNumberGenerator()
    var result: [Rating: SchedulingCard] = [:]
    for rating in Rating.allCases {
      result[rating] = scheduler.review(current, rating: rating, at: now, using: &generator).card
    }
    return result
  }

  /// Records the answer with its card.
  ///
  /// When `updateSchedule` is false (cram, exam) the card is left as it is, except that a
  /// question answered for the first time still gets a card. `nextCard`, when given, is
  /// the card to store (one of ``outcomes(questionId:at:)``).
  @discardableResult
  func record(
    question: Question,
    answer: String,
    correct: Bool,
    seconds: Double,
    mode: String,
    rating: Rating?,
    updateSchedule: Bool,
    now: Date? = nil,
    nextCard: SchedulingCard? = nil
  ) throws -> Recorded {
    let now = now ?? clock.now
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
      let stored = try store.recordAnswer(attempt, card: nil, rating: nil)
      return Recorded(
        card: existing.map(CardBridge.schedulingCard),
        attempt: stored,
        previousCard: existing,
        changedCard: false
      )
    }
    let current = existing.map(CardBridge.schedulingCard) ?? scheduler.newCard(dueAt: now)
    let next = nextCard ?? scheduler.review(current, rating: rating, at: now).card
    let stored = try store.recordAnswer(
      attempt,
      card: CardBridge.row(next, profileId: profileId, questionId: question.id),
      rating: ReviewLogRecord(
        profileId: profileId,
        questionId: question.id,
        rating: rating.name,
        reviewedAt: now,
        durationMs: Int(max(0, min(seconds, 86_400)) * 1000)
      )
    )
    return Recorded(card: next, attempt: stored, previousCard: existing, changedCard: true)
  }

  /// Takes back one recorded answer: removes it and its review-log row, and puts the card
  /// back as it was (or removes it when the answer created it).
  func undo(_ recorded: Recorded) throws {
    guard let id = recorded.attempt.id else { return }
    try store.undoAnswer(
      profileId: profileId,
      attemptId: id,
      questionId: recorded.attempt.questionId,
      removeLastReview: recorded.changedCard,
      restoring: recorded.previousCard
    )
  }
}
