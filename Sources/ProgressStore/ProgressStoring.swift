import Foundation

/// The progress store's operations, whatever keeps the records.
///
/// `ProgressStore` keeps them in an SQLite file through GRDB (the embedded default: a
/// learner alone never needs a server). A class store on a database server conforms to
/// the same protocol, so commands and the shared behavioural tests see one interface.
/// Every write is one transaction, committed before the call returns.
public protocol ProgressStoring: AnyObject, Sendable {
  /// Where the records are: a file path, `:memory:`, or a server URL without password.
  var location: String { get }

  /// The names of the schema migrations applied, oldest first.
  func appliedMigrations() throws(StoreError) -> [String]

  // MARK: Profiles

  /// All profiles, by name.
  func profiles() throws(StoreError) -> [Profile]
  /// The profile named `name`, created when it is the default one and missing.
  func profile(named name: String, now: Date) throws(StoreError) -> Profile
  /// Creates a profile; fails when the name is taken or not valid.
  @discardableResult
  func createProfile(named name: String, now: Date) throws(StoreError) -> Profile
  /// Renames a profile, keeping all of its progress.
  func renameProfile(from old: String, to new: String) throws(StoreError)
  /// Deletes a profile and everything recorded for it.
  func deleteProfile(named name: String) throws(StoreError)
  /// The profile that `profile switch` chose last, if any.
  func currentProfileName() throws(StoreError) -> String?
  /// Makes `name` the profile used when no `--profile` is given.
  func switchProfile(to name: String) throws(StoreError)

  // MARK: Activity

  /// Records that a section was read.
  func recordRead(_ read: SectionRead) throws(StoreError)
  /// Records one answer; returns it with its row id.
  @discardableResult
  func recordAttempt(_ attempt: QuizAttempt) throws(StoreError) -> QuizAttempt
  /// Records one calculator run.
  @discardableResult
  func recordExperiment(_ experiment: Experiment) throws(StoreError) -> Experiment
  /// Records one scenario play.
  @discardableResult
  func recordScenarioRun(_ run: ScenarioRun) throws(StoreError) -> ScenarioRun
  /// The ids of the sections the profile has read.
  func readSectionIds(profileId: Int64) throws(StoreError) -> Set<String>
  /// The section the profile read most recently, if any.
  func lastReadSectionId(profileId: Int64) throws(StoreError) -> String?
  /// The profile's answers, oldest first.
  func attempts(profileId: Int64) throws(StoreError) -> [QuizAttempt]
  /// The profile's calculator runs, newest first.
  func experiments(profileId: Int64, limit: Int) throws(StoreError) -> [Experiment]
  /// The profile's scenario plays, oldest first.
  func scenarioRuns(profileId: Int64) throws(StoreError) -> [ScenarioRun]
  /// A summary of everything recorded for one profile.
  func summary(profileId: Int64, now: Date, calendar: Calendar) throws(StoreError)
    -> ProgressSummary

  // MARK: Review and exams

  /// The card of one question, if the profile has answered it.
  func card(profileId: Int64, questionId: String) throws(StoreError) -> ReviewCard?
  /// All cards of the profile, soonest due first.
  func cards(profileId: Int64) throws(StoreError) -> [ReviewCard]
  /// Records an answer and what it does to its question's card, all in one transaction.
  ///
  /// `update` is called inside the write transaction with the card as stored at that
  /// moment (locked against other writers until the commit) and returns the card to store
  /// and the review to log, or nil to leave the card alone. So two answers to one card,
  /// from two connections at once, are applied one after the other and neither is lost.
  ///
  /// `key`, when given, names this answer uniquely (a UUID made before the first try): an
  /// answer whose key is stored already is not stored again, so a write retried after its
  /// commit's reply was lost cannot count twice; the result then says `wasAlreadyRecorded`.
  @discardableResult
  func recordAnswer(
    _ attempt: QuizAttempt,
    key: String?,
    update: (ReviewCard?) -> CardUpdate?
  ) throws(StoreError) -> RecordedAnswer
  /// Takes back one answer, all or nothing: the answer row, the newest review-log row of
  /// its question when `removeLastReview`, and the card restored to `previous` (deleted
  /// when the answer had created it). The caller keeps `previous`: within one session.
  func undoAnswer(
    profileId: Int64,
    attemptId: Int64,
    questionId: String,
    removeLastReview: Bool,
    restoring previous: ReviewCard?
  ) throws(StoreError)
  /// Records a finished exam.
  @discardableResult
  func recordExam(_ result: ExamResult) throws(StoreError) -> ExamResult
  /// The profile's exams, oldest first.
  func exams(profileId: Int64) throws(StoreError) -> [ExamResult]
  /// Forgets progress; returns how many rows were deleted.
  @discardableResult
  func reset(profileId: Int64, scope: ProgressStore.ResetScope, questionIds: [String])
    throws(StoreError) -> Int

  // MARK: Export and import

  /// Everything recorded for a profile's study.
  func studyRecords(profileId: Int64) throws(StoreError) -> (
    reads: [SectionRead], attempts: [QuizAttempt], cards: [ReviewCard], reviews: [ReviewLogRecord]
  )
  /// Merges records into a profile in one transaction, skipping those it has already.
  @discardableResult
  func mergeStudyRecords(
    profileId: Int64,
    reads: [SectionRead],
    attempts: [QuizAttempt],
    cards: [ReviewCard],
    reviews: [ReviewLogRecord]
  ) throws(StoreError) -> Int
}

/// What an answer does to its question's review card: the card to store and the rating
/// to log beside it.
public struct CardUpdate: Sendable, Equatable {
  /// The card after the answer.
  public var card: ReviewCard
  /// The review-log row of the answer, if the answer rates the card.
  public var review: ReviewLogRecord?

  public init(card: ReviewCard, review: ReviewLogRecord?) {
    self.card = card
    self.review = review
  }
}

/// What `recordAnswer(_:key:update:)` stored.
public struct RecordedAnswer: Sendable, Equatable {
  /// The stored answer, with its row id.
  public var attempt: QuizAttempt
  /// The card as it was just before the answer, nil when the question had none.
  public var previousCard: ReviewCard?
  /// The card after the answer (the previous one when it was left alone).
  public var card: ReviewCard?
  /// Whether the answer changed the card (and logged a review).
  public var changedCard: Bool
  /// Whether an answer with the same key was stored already, so nothing was written now.
  public var wasAlreadyRecorded: Bool

  public init(
    attempt: QuizAttempt,
    previousCard: ReviewCard?,
    card: ReviewCard?,
    changedCard: Bool,
    wasAlreadyRecorded: Bool
  ) {
    self.attempt = attempt
    self.previousCard = previousCard
    self.card = card
    self.changedCard = changedCard
    self.wasAlreadyRecorded = wasAlreadyRecorded
  }
}

extension ProgressStore: ProgressStoring {
  public var location: String { path }
}

extension ProgressStoring {
  /// The profile named `name` now; see `profile(named:now:)`.
  public func profile(named name: String) throws(StoreError) -> Profile {
    try profile(named: name, now: Date())
  }

  /// Creates a profile now; see `createProfile(named:now:)`.
  @discardableResult
  public func createProfile(named name: String) throws(StoreError) -> Profile {
    try createProfile(named: name, now: Date())
  }

  /// The summary at `now` in UTC days.
  public func summary(profileId: Int64, now: Date = Date()) throws(StoreError) -> ProgressSummary {
    try summary(profileId: profileId, now: now, calendar: .utc)
  }

  /// Records an answer with a card and rating decided beforehand, all or nothing.
  ///
  /// The card replaces whatever is stored, so this form suits imports and tests; an
  /// answer that updates a card from its current state uses `recordAnswer(_:key:update:)`.
  @discardableResult
  public func recordAnswer(_ attempt: QuizAttempt, card: ReviewCard?, rating: ReviewLogRecord?)
    throws(StoreError) -> QuizAttempt
  {
    try recordAnswer(attempt, key: nil) { _ in
      card.map { CardUpdate(card: $0, review: rating) }
    }.attempt
  }

  /// The profile's 50 latest calculator runs.
  public func experiments(profileId: Int64) throws(StoreError) -> [Experiment] {
    try experiments(profileId: profileId, limit: 50)
  }

  /// Forgets progress of a scope that needs no question list.
  @discardableResult
  public func reset(profileId: Int64, scope: ProgressStore.ResetScope) throws(StoreError) -> Int {
    try reset(profileId: profileId, scope: scope, questionIds: [])
  }
}
