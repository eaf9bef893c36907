import Curriculum
import Foundation
import ProgressStore

/// The cards one review session asks, in order: the due cards (every card when cramming),
/// then up to the day's allowance of new cards (questions of sections the learner has read
/// and never answered, in book order), at most `count` in all.
struct ReviewQueue {
  /// One card of the session: a due card, or a question seen for the first time.
  struct Item {
    let question: Question
    let isNew: Bool
  }

  /// Every card of the learner.
  let cards: [ReviewCard]
  /// The cards due at `now`.
  let due: [ReviewCard]
  /// New cards review introduced today (UTC).
  let newToday: Int
  /// New cards the day's allowance still admits.
  let newLeft: Int
  /// Questions of read sections with no card and no answer yet.
  let unseen: [Question]
  /// What the session asks.
  let items: [Item]
  /// The time the queue was built for.
  let now: Date

  /// Reads the learner's cards and answers from `store` and builds the queue for `now`.
  init(
    store: any ProgressStoring,
    profileId: Int64,
    library: ContentLibrary,
    now: Date,
    cram: Bool,
    count: Int,
    newPerDay: Int
  ) throws {
    self.now = now
    cards = try store.cards(profileId: profileId)
    let byId = Dictionary(library.questions.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    due = cards.filter { $0.due <= now }
    let attempts = try store.attempts(profileId: profileId)
    newToday = Self.newCardsIntroduced(attempts: attempts, on: now)
    newLeft = max(0, newPerDay - newToday)
    unseen = Self.unseenQuestions(
      library: library,
      readIds: try store.readSectionIds(profileId: profileId),
      cards: cards,
      attempts: attempts
    )
    let dueItems = (cram ? cards : due).compactMap { card in
      byId[card.questionId].map { Item(question: $0, isNew: false) }
    }
    let newItems = cram ? [] : unseen.prefix(newLeft).map { Item(question: $0, isNew: true) }
    items = Array((dueItems + newItems).prefix(count))
  }

  /// How many new cards review introduced on `now`'s day (UTC): questions whose first
  /// answer ever was given in review that day.
  static func newCardsIntroduced(attempts: [QuizAttempt], on now: Date) -> Int {
    let calendar = Calendar.utc
    var first: [String: QuizAttempt] = [:]
    for attempt in attempts where first[attempt.questionId] == nil {
      first[attempt.questionId] = attempt
    }
    return first.values.filter {
      $0.mode == "review" && calendar.isDate($0.answeredAt, inSameDayAs: now)
    }.count
  }

  /// Questions of read sections that have no card and no answer yet, in book order.
  static func unseenQuestions(
    library: ContentLibrary,
    readIds: Set<String>,
    cards: [ReviewCard],
    attempts: [QuizAttempt]
  ) -> [Question] {
    let seen = Set(cards.map(\.questionId)).union(attempts.map(\.questionId))
    let order = Dictionary(
      library.sections.enumerated().map { ($0.element.id, $0.offset) },
      uniquingKeysWith: { first, _ in first }
    )
    return library.questions.enumerated()
      .filter { readIds.contains($0.element.section) && !seen.contains($0.element.id) }
      .sorted {
        (order[$0.element.section] ?? 0, $0.offset) < (order[$1.element.section] ?? 0, $1.offset)
      }
      .map(\.element)
  }
}
