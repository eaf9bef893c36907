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

  /// The card each rating would give a question's card, and the stored card they were
  /// drawn from.
  struct Outcomes {
    /// The stored card the outcomes start from, nil for a question never answered.
    let basis: ReviewCard?
    /// The card after each rating.
    let cards: [Rating: SchedulingCard]

    /// No outcomes drawn (cram).
    static let none = Outcomes(basis: nil, cards: [:])

    subscript(rating: Rating) -> SchedulingCard? { cards[rating] }
  }

  /// The card each rating would give `questionId`'s card at `now`, drawn once so that the
  /// interval shown before the learner picks is the one stored after.
  func outcomes(questionId: String, at now: Date) throws -> Outcomes {
    let existing = try store.card(profileId: profileId, questionId: questionId)
    let current = existing.map(CardBridge.schedulingCard) ?? scheduler.newCard(dueAt: now)
    var generator = SystemRandomNumberGenerator()
    var result: [Rating: SchedulingCard] = [:]
    for rating in Rating.allCases {
      result[rating] = scheduler.review(current, rating: rating, at: now, using: &generator).card
    }
    return Outcomes(basis: existing, cards: result)
  }

  /// Records what happened to `question` in a session that schedules every answer.
  ///
  /// Quiz and study record a skip as a wrong answer rated again and an answer with its
  /// default rating. Returns whether the answer was right, or nil when the learner quit
  /// (nothing is recorded then).
  @discardableResult
  func record(_ outcome: QuestionOutcome, question: Question, mode: String) throws -> Bool? {
    switch outcome {
    case .quit:
      return nil
    case .skipped(let seconds):
      try record(
        question: question,
        answer: "(skipped)",
        correct: false,
        seconds: seconds,
        mode: mode,
        rating: .again,
        updateSchedule: true
      )
      return false
    case .answered(let grade, let hints, let seconds):
      try record(
        question: question,
        answer: grade.normalized,
        correct: grade.isCorrect,
        seconds: seconds,
        mode: mode,
        rating: Self.defaultRating(correct: grade.isCorrect, hints: hints),
        updateSchedule: true
      )
      return grade.isCorrect
    }
  }

  /// Records the answer with its card.
  ///
  /// The new card is computed inside the store's write transaction from the card as stored
  /// then, so an answer given meanwhile on another connection (the same learner in two
  /// terminals) is built upon, not overwritten. When `updateSchedule` is false (cram, exam)
  /// the card is left as it is, except that a question answered for the first time still
  /// gets a card. `drawn`, when given, holds the cards shown to the learner before rating
  /// (``outcomes(questionId:at:)``); its card for `rating` is stored when the card has not
  /// changed since it was drawn. Each answer carries a new key, so a write the store
  /// retries after a lost connection is stored once. When the store cannot save it, the
  /// error says which answer was not saved.
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
    drawn: Outcomes? = nil
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
    let scheduler = self.scheduler
    let profileId = self.profileId
    let stored: RecordedAnswer
    do {
      stored = try store.recordAnswer(attempt, key: UUID().uuidString) { current in
        guard let rating, updateSchedule || current == nil else { return nil }
        let next: SchedulingCard
        if let drawn, drawn.basis == current, let card = drawn[rating] {
          next = card
        } else {
          let base = current.map(CardBridge.schedulingCard) ?? scheduler.newCard(dueAt: now)
          next = scheduler.review(base, rating: rating, at: now).card
        }
        return CardUpdate(
          card: CardBridge.row(next, profileId: profileId, questionId: question.id),
          review: ReviewLogRecord(
            profileId: profileId,
            questionId: question.id,
            rating: rating.name,
            reviewedAt: now,
            durationMs: Int(max(0, min(seconds, 86_400)) * 1000)
          )
        )
      }
    } catch {
      throw GoldilocksError.answerNotSaved(questionId: question.id, reason: "\(error)")
    }
    return Recorded(
      card: stored.card.map(CardBridge.schedulingCard),
      attempt: stored.attempt,
      previousCard: stored.previousCard,
      changedCard: stored.changedCard
    )
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
