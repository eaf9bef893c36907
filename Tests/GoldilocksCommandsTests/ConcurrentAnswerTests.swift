import Curriculum
import Foundation
import PostgresNIO
import ProgressStore
import Terminal
import Testing
import _TestSupport

@testable import GoldilocksCommands
@testable import PostgresProgressStore

/// Answers to one card given at once from separate connections (one learner in two
/// terminals, or a class store under load) must each build on the card the one before
/// stored: the review log and the card's FSRS state count every one of them.
@Suite struct ConcurrentAnswerTests {
  static let postgresURL = ProcessInfo.processInfo.environment["GOLDILOCKS_TEST_POSTGRES_URL"]
    .flatMap { $0.isEmpty ? nil : $0 }

  enum Backend: String, CaseIterable, Sendable {
    case sqliteFile, postgres

    static var available: [Backend] { postgresURL == nil ? [.sqliteFile] : allCases }
  }

  static let now = Date(timeIntervalSince1970: 1_790_000_000)

  static let question = Question(
    id: "concurrent-q1",
    topic: "pruning",
    section: "s1",
    difficulty: 1,
    exams: [:],
    prompt: "?",
    kind: .single(choices: ["a", "b"], answer: 0),
    explanation: "",
    hints: []
  )

  /// `count` stores on one database, each its own connection, and a function removing it.
  static func stores(_ backend: Backend, count: Int) throws -> (
    [any ProgressStoring], @Sendable () -> Void
  ) {
    switch backend {
    case .sqliteFile:
      let folder = try TemporaryDirectory()
      let path = folder.file("progress.sqlite")
      return (try (0..<count).map { _ in try ProgressStore.open(path: path) }, { folder.remove() })
    case .postgres:
      let base = try #require(postgresURL)
      let schema = "answers_" + UUID().uuidString.prefix(8).lowercased()
      let url = base + (base.contains("?") ? "&" : "?") + "schema=" + schema
      let environment = ProcessInfo.processInfo.environment
      let stores = try (0..<count).map { _ in
        try PostgresProgressStore(url: url, environment: environment)
      }
      return (stores, { try? stores[0].dropSchema() })
    }
  }

  /// The card `count` "good" ratings at `now` give a new card, one after the other.
  static func expectedCard(after count: Int) -> SchedulingCard {
    var card = ReviewScheduler.unfuzzed.newCard(dueAt: now)
    for _ in 0..<count {
      card = ReviewScheduler.unfuzzed.review(card, rating: .good, at: now).card
    }
    return card
  }

  @Test(arguments: Backend.available)
  func concurrentReviewsOfOneCardFromSeparateConnectionsAreAllApplied(_ backend: Backend) throws {
    let reviews = 8
    // Each review changes the card, so a lost one would show in the final card.
    try #require(Self.expectedCard(after: reviews) != Self.expectedCard(after: reviews - 1))
    let (stores, cleanup) = try Self.stores(backend, count: reviews)
    defer { cleanup() }
    let profileId = try #require(try stores[0].profile(named: "default", now: Self.now).id)
    let errors = ErrorBox()
    let start = DispatchSemaphore(value: 0)
    let group = DispatchGroup()
    for worker in 0..<reviews {
      DispatchQueue.global().async(group: group) {
        start.wait()
        var recorder = AnswerRecorder(
          store: stores[worker],
          profileId: profileId,
          clock: FixedClock(Self.now)
        )
        recorder.scheduler = .unfuzzed
        do {
          try recorder.record(
            question: Self.question,
            answer: "A",
            correct: true,
            seconds: 2,
            mode: "review",
            rating: .good,
            updateSchedule: true,
            now: Self.now
          )
        } catch {
          errors.add("\(error)")
        }
      }
    }
    for _ in 0..<reviews { start.signal() }
    group.wait()
    #expect(errors.all.isEmpty, "\(errors.all.prefix(3))")
    let records = try stores[0].studyRecords(profileId: profileId)
    #expect(records.attempts.count == reviews)
    #expect(records.reviews.count == reviews)
    #expect(records.cards.count == 1)
    let card = try #require(records.cards.first.map(CardBridge.schedulingCard))
    let expected = Self.expectedCard(after: reviews)
    #expect(card.state == expected.state)
    #expect(card.step == expected.step)
    #expect(abs((card.stability ?? 0) - (expected.stability ?? 0)) < 1e-9)
    #expect(abs((card.difficulty ?? 0) - (expected.difficulty ?? 0)) < 1e-9)
  }

  @Test(
    .enabled(
      if: postgresURL != nil,
      "lost-connection answers on PostgreSQL not tested: set GOLDILOCKS_TEST_POSTGRES_URL"
    )
  )
  func anAnswerWhoseCommitReplyIsLostIsRetriedAndStoredOnce() throws {
    let (stores, cleanup) = try Self.stores(.postgres, count: 1)
    defer { cleanup() }
    let server = try #require(stores[0] as? PostgresProgressStore)
    let profileId = try #require(try server.profile(named: "default", now: Self.now).id)
    var recorder = AnswerRecorder(store: server, profileId: profileId, clock: FixedClock(Self.now))
    recorder.scheduler = .unfuzzed
    // The commit reaches the server, its reply does not: the recorder's store retries on a
    // new connection and finds the answer's key stored, so it adds nothing.
    server.faultsAfterCommit = 1
    try recorder.record(
      question: Self.question,
      answer: "A",
      correct: true,
      seconds: 2,
      mode: "quiz",
      rating: .good,
      updateSchedule: true,
      now: Self.now
    )
    #expect(server.faultsAfterCommit == 0)
    let records = try server.studyRecords(profileId: profileId)
    #expect(records.attempts.count == 1)
    #expect(records.reviews.count == 1)
    let card = try #require(records.cards.first.map(CardBridge.schedulingCard))
    #expect(card.step == Self.expectedCard(after: 1).step)
    #expect(card.state == Self.expectedCard(after: 1).state)
  }

  @Test(
    .enabled(
      if: postgresURL != nil,
      "lost-connection answers on PostgreSQL not tested: set GOLDILOCKS_TEST_POSTGRES_URL"
    )
  )
  func anAnswerAfterTheServerEndedTheSessionIsSavedOnANewConnection() throws {
    let (stores, cleanup) = try Self.stores(.postgres, count: 2)
    defer { cleanup() }
    let server = try #require(stores[0] as? PostgresProgressStore)
    let killer = try #require(stores[1] as? PostgresProgressStore)
    let profileId = try #require(try server.profile(named: "default", now: Self.now).id)
    let recorder = AnswerRecorder(store: server, profileId: profileId, clock: FixedClock(Self.now))
    for index in 0..<3 {
      // Between answers the server ends this learner's session (a restart, a network cut).
      let pid = try server.transaction { connection in
        try server.run("SELECT pg_backend_pid()", on: connection).first?.decode(Int32.self)
      }
      try killer.transaction { connection in
        try killer.run("SELECT pg_terminate_backend(\(try #require(pid)))", on: connection)
      }
      try recorder.record(
        question: Self.question,
        answer: "A\(index)",
        correct: true,
        seconds: 2,
        mode: "quiz",
        rating: .good,
        updateSchedule: true,
        now: Self.now + Double(index)
      )
    }
    let records = try server.studyRecords(profileId: profileId)
    #expect(records.attempts.map(\.answer) == ["A0", "A1", "A2"])
    #expect(records.reviews.count == 3)
  }

  @Test(
    .enabled(
      if: postgresURL != nil,
      "lost-connection answers on PostgreSQL not tested: set GOLDILOCKS_TEST_POSTGRES_URL"
    )
  )
  func anAnswerThatCannotBeSavedIsOneErrorLineAndTheREPLGoesOn() throws {
    let (stores, cleanup) = try Self.stores(.postgres, count: 1)
    defer { cleanup() }
    let server = try #require(stores[0] as? PostgresProgressStore)
    let url = try #require(Self.postgresURL)
    let reader = ScriptedLineReader([
      "quiz --all --count 2 --seed 3", "skip", "progress", "quit",
    ])
    let output = BufferedOutput()
    let session = Session(
      output: output,
      environment: ["GOLDILOCKS_DB": url, "NO_COLOR": "1", "HOME": NSTemporaryDirectory()],
      lineReader: reader,
      isInteractive: false,
      isREPL: true,
      stdoutIsTerminal: false
    )
    session.use(server, at: url)
    // The first answer's commit reply is lost, and so is the retry's: it cannot be confirmed.
    server.faultsAfterCommit = 2
    REPL.run(reader: reader, session: session)
    let errors = output.standardError.split(separator: "\n").filter { $0.hasPrefix("error:") }
    #expect(errors.count == 1, "\(output.standardError)")
    #expect(errors.first?.contains("could not be saved") == true, "\(errors)")
    #expect(errors.first?.contains("may not have been saved") == true, "\(errors)")
    // The REPL went on to the next command.
    #expect(output.standardOutput.contains("Progress of profile 'default'"))
  }
}

/// Collects error messages from several threads.
final class ErrorBox: @unchecked Sendable {
  private let lock = NSLock()
  private var messages: [String] = []

  func add(_ message: String) {
    lock.lock()
    messages.append(message)
    lock.unlock()
  }

  var all: [String] {
    lock.lock()
    defer { lock.unlock() }
    return messages
  }
}
