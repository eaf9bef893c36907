import Foundation
import PostgresNIO
import ProgressStore
import Testing
import _TestSupport

@testable import PostgresProgressStore

/// The behaviour every progress store backend must show, run against each backend
/// through the `ProgressStoring` protocol alone.
@Suite struct ProgressStoringBehaviourTests {
  /// A backend under test and how to make an empty store of it.
  enum Backend: String, CaseIterable, Sendable {
    case sqliteFile, sqliteMemory, postgres

    /// The server the PostgreSQL backend is tested on (`.ci/run` starts one).
    static let postgresURL = ProcessInfo.processInfo.environment["GOLDILOCKS_TEST_POSTGRES_URL"]
      .flatMap { $0.isEmpty ? nil : $0 }

    /// The backends this run can test: PostgreSQL only when a server is configured.
    static var available: [Backend] {
      postgresURL == nil ? [.sqliteFile, .sqliteMemory] : allCases
    }

    /// An empty store and a function that removes what it left behind.
    func make() throws -> (store: any ProgressStoring, cleanup: @Sendable () -> Void) {
      switch self {
      case .sqliteMemory:
        return (try ProgressStore.inMemory(), {})
      case .sqliteFile:
        let folder = try TemporaryDirectory()
        return (try ProgressStore.open(path: folder.file("progress.sqlite")), { folder.remove() })
      case .postgres:
        // Each test gets its own schema, so tests run in parallel on one server.
        let base = try #require(Self.postgresURL)
        let schema =
          "test_"
          + UUID().uuidString.prefix(12).lowercased().replacingOccurrences(
            of: "-",
            with: "_"
          )
        let url = base + (base.contains("?") ? "&" : "?") + "schema=" + schema
        let store = try PostgresProgressStore(
          url: url,
          environment: ProcessInfo.processInfo.environment
        )
        return (store, { try? store.dropSchema() })
      }
    }
  }

  @Test(
    .enabled(
      if: Backend.postgresURL != nil,
      "PostgreSQL backend not tested: set GOLDILOCKS_TEST_POSTGRES_URL=postgres://USER@HOST:PORT/DB (.ci/run starts a server and sets it)"
    )
  )
  func thePostgreSQLBackendIsUnderTest() throws {
    let (store, cleanup) = try Backend.postgres.make()
    defer { cleanup() }
    #expect(try store.appliedMigrations() == ["v1-progress", "v2-exams", "v3-attempt-keys"])
  }

  static let now = Date(timeIntervalSince1970: 1_790_000_000)

  static func attempt(_ profile: Int64, _ question: String, correct: Bool, at offset: Double = 0)
    -> QuizAttempt
  {
    QuizAttempt(
      profileId: profile,
      questionId: question,
      topic: "pruning",
      mode: "quiz",
      answer: "A",
      correct: correct,
      seconds: 5,
      answeredAt: now.addingTimeInterval(offset)
    )
  }

  static func card(_ profile: Int64, _ question: String, reviewed offset: Double) -> ReviewCard {
    ReviewCard(
      profileId: profile,
      questionId: question,
      state: "review",
      step: nil,
      stability: 3,
      difficulty: 5,
      due: now.addingTimeInterval(offset + 86_400),
      lastReview: now.addingTimeInterval(offset)
    )
  }

  @Test(arguments: Backend.available)
  func profilesAreCreatedSwitchedRenamedAndDeletedWithTheirProgress(_ backend: Backend) throws {
    let (store, cleanup) = try backend.make()
    defer { cleanup() }
    #expect(throws: StoreError.unknownProfile("zoe")) {
      try store.profile(named: "zoe", now: Self.now)
    }
    let alice = try store.createProfile(named: "alice", now: Self.now)
    let bob = try store.createProfile(named: "bob", now: Self.now)
    #expect(throws: StoreError.profileExists("alice")) {
      try store.createProfile(named: "alice", now: Self.now)
    }
    #expect(throws: StoreError.invalidProfileName("a b")) {
      try store.createProfile(named: "a b", now: Self.now)
    }
    try store.switchProfile(to: "alice")
    #expect(try store.currentProfileName() == "alice")
    try store.recordAttempt(Self.attempt(alice.id!, "q1", correct: true))
    try store.recordAttempt(Self.attempt(bob.id!, "q1", correct: false))
    try store.renameProfile(from: "alice", to: "ann")
    #expect(try store.currentProfileName() == "ann")
    #expect(try store.attempts(profileId: alice.id!).count == 1)
    try store.deleteProfile(named: "ann")
    #expect(try store.currentProfileName() == nil)
    #expect(try store.attempts(profileId: alice.id!).isEmpty)
    #expect(try store.attempts(profileId: bob.id!).count == 1)
    #expect(try store.profiles().map(\.name) == ["bob"])
    #expect(try store.profile(named: "default", now: Self.now).name == "default")
  }

  @Test(arguments: Backend.available)
  func anAnswerItsCardAndItsRatingAreStoredTogether(_ backend: Backend) throws {
    let (store, cleanup) = try backend.make()
    defer { cleanup() }
    let id = try #require(try store.profile(named: "default", now: Self.now).id)
    let rating = ReviewLogRecord(
      profileId: id,
      questionId: "q1",
      rating: "good",
      reviewedAt: Self.now,
      durationMs: 1200
    )
    let stored = try store.recordAnswer(
      Self.attempt(id, "q1", correct: true),
      card: Self.card(id, "q1", reviewed: 0),
      rating: rating
    )
    #expect(stored.id != nil)
    #expect(try store.card(profileId: id, questionId: "q1") == Self.card(id, "q1", reviewed: 0))
    // A second answer replaces the card rather than duplicating it.
    try store.recordAnswer(
      Self.attempt(id, "q1", correct: false, at: 60),
      card: Self.card(id, "q1", reviewed: 60),
      rating: nil
    )
    #expect(try store.cards(profileId: id) == [Self.card(id, "q1", reviewed: 60)])
    #expect(try store.attempts(profileId: id).map(\.correct) == [true, false])
    #expect(try store.studyRecords(profileId: id).reviews.count == 1)
  }

  @Test(arguments: Backend.available)
  func mergingTheSameRecordsTwiceAddsNothingTheSecondTime(_ backend: Backend) throws {
    let (store, cleanup) = try backend.make()
    defer { cleanup() }
    let id = try #require(try store.profile(named: "default", now: Self.now).id)
    let reads = [
      SectionRead(profileId: 0, sectionId: "s1", chapterId: "c1", readAt: Self.now, seconds: 30)
    ]
    let attempts = [Self.attempt(0, "q1", correct: true), Self.attempt(0, "q2", correct: false)]
    let cards = [Self.card(0, "q1", reviewed: 0)]
    let first = try store.mergeStudyRecords(
      profileId: id,
      reads: reads,
      attempts: attempts,
      cards: cards,
      reviews: []
    )
    #expect(first == 4)
    let second = try store.mergeStudyRecords(
      profileId: id,
      reads: reads,
      attempts: attempts,
      cards: cards,
      reviews: []
    )
    #expect(second == 0)
    // Only a card reviewed later replaces the stored one.
    let newer = try store.mergeStudyRecords(
      profileId: id,
      reads: [],
      attempts: [],
      cards: [Self.card(0, "q1", reviewed: 600)],
      reviews: []
    )
    #expect(newer == 1)
    #expect(try store.card(profileId: id, questionId: "q1")?.lastReview == Self.now + 600)
  }

  @Test(arguments: Backend.available)
  func resetForgetsOnlyWhatItNames(_ backend: Backend) throws {
    let (store, cleanup) = try backend.make()
    defer { cleanup() }
    let id = try #require(try store.profile(named: "default", now: Self.now).id)
    try store.recordAnswer(
      Self.attempt(id, "q1", correct: true),
      card: Self.card(id, "q1", reviewed: 0),
      rating: nil
    )
    try store.recordAnswer(
      Self.attempt(id, "q2", correct: true),
      card: Self.card(id, "q2", reviewed: 0),
      rating: nil
    )
    #expect(try store.reset(profileId: id, scope: .question("q1"), questionIds: []) == 2)
    #expect(try store.attempts(profileId: id).map(\.questionId) == ["q2"])
    try store.recordRead(
      SectionRead(profileId: id, sectionId: "s1", chapterId: "c1", readAt: Self.now, seconds: 9)
    )
    #expect(try store.reset(profileId: id, scope: .all, questionIds: []) == 3)
    #expect(try store.summary(profileId: id, now: Self.now, calendar: .utc).attempts == 0)
  }

  @Test(arguments: Backend.available)
  func summaryAndExamsReadBackWhatWasWritten(_ backend: Backend) throws {
    let (store, cleanup) = try backend.make()
    defer { cleanup() }
    let id = try #require(try store.profile(named: "default", now: Self.now).id)
    try store.recordAttempt(Self.attempt(id, "q1", correct: true, at: -86_400))
    try store.recordAttempt(Self.attempt(id, "q2", correct: false))
    try store.recordExam(
      ExamResult(
        profileId: id,
        exam: "c02",
        questions: 10,
        correct: 7,
        minutes: 12,
        startedAt: Self.now,
        finishedAt: Self.now + 720,
        detailJSON: "{}"
      )
    )
    let summary = try store.summary(profileId: id, now: Self.now, calendar: .utc)
    #expect(summary.attempts == 2)
    #expect(summary.correct == 1)
    #expect(summary.streakDays == 2)
    #expect(try store.exams(profileId: id).map(\.score) == [0.7])
    #expect(try store.appliedMigrations() == ["v1-progress", "v2-exams", "v3-attempt-keys"])
  }

  /// A second connection to the same store as `store` (a new file handle or server
  /// connection), as another learner's process would have.
  static func another(_ store: any ProgressStoring, _ backend: Backend) throws
    -> any ProgressStoring
  {
    switch backend {
    case .sqliteFile:
      return try ProgressStore.open(path: store.location)
    case .postgres:
      let base = try #require(Backend.postgresURL)
      let schema = try #require(store.location.split(separator: "=").last.map(String.init))
      return try PostgresProgressStore(
        url: base + (base.contains("?") ? "&" : "?") + "schema=" + schema,
        environment: ProcessInfo.processInfo.environment
      )
    case .sqliteMemory:
      return store
    }
  }

  @Test(arguments: Backend.available.filter { $0 != .sqliteMemory })
  func learnersAnsweringAtOnceOnSeparateConnectionsLoseNothing(_ backend: Backend) throws {
    let (store, cleanup) = try backend.make()
    defer { cleanup() }
    let workers = 6
    let answers = 20
    let ids = try (0..<workers).map { worker in
      try #require(try store.createProfile(named: "l\(worker)", now: Self.now).id)
    }
    let connections = try (0..<workers).map { _ in try Self.another(store, backend) }
    let errors = ErrorBox()
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
      for index in 0..<answers {
        do {
          let question = "q\(index % 5)"
          try connections[worker].recordAnswer(
            Self.attempt(ids[worker], question, correct: index % 2 == 0, at: Double(index)),
            card: Self.card(ids[worker], question, reviewed: Double(index)),
            rating: ReviewLogRecord(
              profileId: ids[worker],
              questionId: question,
              rating: "good",
              reviewedAt: Self.now + Double(index),
              durationMs: 100
            )
          )
        } catch {
          errors.add("\(error)")
        }
      }
    }
    #expect(errors.all.isEmpty, "\(errors.all.prefix(3))")
    for id in ids {
      #expect(try store.attempts(profileId: id).count == answers)
      #expect(try store.cards(profileId: id).count == 5)
      #expect(try store.studyRecords(profileId: id).reviews.count == answers)
    }
  }

  @Test(arguments: Backend.available.filter { $0 != .sqliteMemory })
  func cardUpdatesFromSeparateConnectionsAreSerialisedPerCard(_ backend: Backend) throws {
    let (store, cleanup) = try backend.make()
    defer { cleanup() }
    let id = try #require(try store.profile(named: "default", now: Self.now).id)
    let workers = 8
    let connections = try (0..<workers).map { _ in try Self.another(store, backend) }
    let errors = ErrorBox()
    // Each update adds 1 to the card's step, computed from the card it is given: an update
    // built on a card read before another one committed would lose a count.
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
      do {
        try connections[worker].recordAnswer(
          Self.attempt(id, "q1", correct: true, at: Double(worker)),
          key: UUID().uuidString
        ) { current in
          usleep(20_000)
          var card = current ?? Self.card(id, "q1", reviewed: 0)
          card.step = (current?.step ?? 0) + 1
          return CardUpdate(
            card: card,
            review: ReviewLogRecord(
              profileId: id,
              questionId: "q1",
              rating: "good",
              reviewedAt: Self.now + Double(worker),
              durationMs: 100
            )
          )
        }
      } catch {
        errors.add("\(error)")
      }
    }
    #expect(errors.all.isEmpty, "\(errors.all.prefix(3))")
    #expect(try store.card(profileId: id, questionId: "q1")?.step == workers)
    let records = try store.studyRecords(profileId: id)
    #expect(records.attempts.count == workers)
    #expect(records.reviews.count == workers)
    #expect(records.cards.count == 1)
  }

  @Test(arguments: Backend.available)
  func anAnswerRecordedTwiceUnderOneKeyIsStoredOnce(_ backend: Backend) throws {
    let (store, cleanup) = try backend.make()
    defer { cleanup() }
    let id = try #require(try store.profile(named: "default", now: Self.now).id)
    var updates = 0
    func record() throws -> RecordedAnswer {
      try store.recordAnswer(Self.attempt(id, "q1", correct: true), key: "answer-1") { _ in
        updates += 1
        return CardUpdate(card: Self.card(id, "q1", reviewed: 0), review: nil)
      }
    }
    let first = try record()
    let second = try record()
    #expect(!first.wasAlreadyRecorded)
    #expect(first.changedCard)
    #expect(second.wasAlreadyRecorded)
    #expect(!second.changedCard)
    #expect(second.attempt.id == first.attempt.id)
    #expect(updates == 1)
    #expect(try store.attempts(profileId: id).count == 1)
    // The key belongs to one profile: another learner's answer may use the same text.
    let other = try #require(try store.createProfile(named: "bob", now: Self.now).id)
    try store.recordAnswer(Self.attempt(other, "q1", correct: true), key: "answer-1") { _ in nil }
    #expect(try store.attempts(profileId: other).count == 1)
  }

  @Test(
    .enabled(
      if: Backend.postgresURL != nil,
      "PostgreSQL newer-schema refusal not tested: set GOLDILOCKS_TEST_POSTGRES_URL"
    )
  )
  func aServerWithANewerSchemaIsRefused() throws {
    let (store, cleanup) = try Backend.postgres.make()
    defer { cleanup() }
    let server = try #require(store as? PostgresProgressStore)
    try server.transaction { connection in
      try server.run(
        "INSERT INTO goldilocks_schema (version, name) VALUES (99, 'v99-future')",
        on: connection
      )
    }
    #expect(throws: StoreError.newerSchema(path: store.location, unknownMigrations: ["v99-future"]))
    {
      try Self.another(store, .postgres)
    }
  }

  @Test(
    .enabled(
      if: Backend.postgresURL != nil,
      "PostgreSQL lost-connection handling not tested: set GOLDILOCKS_TEST_POSTGRES_URL"
    )
  )
  func aLostConnectionIsMadeAgainAndOnlyAnUnconfirmableCommitIsReportedAsNotSaved() throws {
    let (store, cleanup) = try Backend.postgres.make()
    defer { cleanup() }
    let server = try #require(store as? PostgresProgressStore)
    let id = try #require(try store.profile(named: "default", now: Self.now).id)
    try store.recordAttempt(Self.attempt(id, "q0", correct: true))
    // The server ends this store's session, as a restart or a network cut would.
    let killer = try Self.another(store, .postgres) as? PostgresProgressStore
    let pid = try server.transaction { connection in
      try server.run("SELECT pg_backend_pid()", on: connection).first?.decode(Int32.self)
    }
    try #require(killer).transaction { connection in
      try killer!.run("SELECT pg_terminate_backend(\(try #require(pid)))", on: connection)
    }
    // Nothing of the next write reached the old session, so it is made again on a new one.
    try store.recordAttempt(Self.attempt(id, "q1", correct: true, at: 1))
    try store.recordAttempt(Self.attempt(id, "q2", correct: true, at: 2))
    #expect(try store.attempts(profileId: id).map(\.questionId) == ["q0", "q1", "q2"])
    // A keyed answer whose commit reply is lost is retried and found stored, not doubled.
    server.faultsAfterCommit = 1
    let retried = try server.recordAnswer(
      Self.attempt(id, "q4", correct: true, at: 4),
      key: "q4-answer"
    ) { _ in nil }
    #expect(retried.wasAlreadyRecorded)
    #expect(try store.attempts(profileId: id).filter { $0.questionId == "q4" }.count == 1)
  }
}
