import Foundation
import PostgresProgressStore
import ProgressStore
import Testing
import _TestSupport

/// The class load of issue 17, run only with GOLDILOCKS_LOAD_TEST=1.
///
/// 200 learners each answer 50 questions (an answer, its card and its rating per
/// transaction) and then read their cards, through a bounded pool of 20 connections; it
/// prints answers per second and commit latency, and counts that nothing was lost or
/// duplicated.
@Suite(.serialized) struct ClassLoadTests {
  static let enabled = ProcessInfo.processInfo.environment["GOLDILOCKS_LOAD_TEST"] == "1"

  typealias Backend = ProgressStoringBehaviourTests.Backend

  @Test(
    .enabled(if: enabled, "class load test runs only with GOLDILOCKS_LOAD_TEST=1"),
    arguments: Backend.available.filter { $0 != .sqliteMemory }
  )
  func twoHundredLearnersAnsweringFiftyQuestionsEachLoseNothing(_ backend: Backend) throws {
    let learners = 200
    let answers = 50
    let questions = 25
    let connections = 20
    let (store, cleanup) = try backend.make()
    defer { cleanup() }
    let ids = try (0..<learners).map { index in
      try #require(try store.createProfile(named: "learner\(index)", now: Date()).id)
    }
    let pool = try (0..<connections).map { _ in
      try ProgressStoringBehaviourTests.another(store, backend)
    }
    let latencies = LatencyBox()
    let errors = ErrorBox()
    let start = DispatchTime.now()
    DispatchQueue.concurrentPerform(iterations: connections) { worker in
      let connection = pool[worker]
      for learner in stride(from: worker, to: learners, by: connections) {
        let id = ids[learner]
        for index in 0..<answers {
          let question = "q\(index % questions)"
          let now = Date()
          let began = DispatchTime.now()
          do {
            try connection.recordAnswer(
              QuizAttempt(
                profileId: id,
                questionId: question,
                topic: "pruning",
                mode: "quiz",
                answer: "A",
                correct: index % 3 != 0,
                seconds: 4,
                answeredAt: now
              ),
              card: ReviewCard(
                profileId: id,
                questionId: question,
                state: "review",
                step: nil,
                stability: 2 + Double(index),
                difficulty: 5,
                due: now + 86_400,
                lastReview: now
              ),
              rating: ReviewLogRecord(
                profileId: id,
                questionId: question,
                rating: "good",
                reviewedAt: now,
                durationMs: 4000
              )
            )
            latencies.add(
              Double(DispatchTime.now().uptimeNanoseconds - began.uptimeNanoseconds) / 1e6
            )
          } catch {
            errors.add("\(error)")
          }
        }
        do {
          _ = try connection.cards(profileId: id)
        } catch {
          errors.add("\(error)")
        }
      }
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    #expect(errors.all.isEmpty, "\(errors.all.prefix(3))")
    var attempts = 0
    var cards = 0
    var reviews = 0
    for id in ids {
      let records = try store.studyRecords(profileId: id)
      attempts += records.attempts.count
      cards += records.cards.count
      reviews += records.reviews.count
    }
    #expect(attempts == learners * answers)
    #expect(reviews == learners * answers)
    #expect(cards == learners * questions)
    let sorted = latencies.all.sorted()
    func percentile(_ p: Double) -> Double {
      sorted.isEmpty ? .nan : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
    }
    print(
      String(
        format:
          "class load [%@]: %d learners x %d answers over %d connections in %.1f s: %.0f answers/s, commit p50 %.2f ms, p99 %.2f ms; counted %d answers, %d reviews, %d cards",
        backend.rawValue,
        learners,
        answers,
        connections,
        seconds,
        Double(learners * answers) / seconds,
        percentile(0.5),
        percentile(0.99),
        attempts,
        reviews,
        cards
      )
    )
  }
}

/// Collects latencies from several threads.
final class LatencyBox: @unchecked Sendable {
  private let lock = NSLock()
  private var values: [Double] = []

  func add(_ value: Double) {
    lock.lock()
    values.append(value)
    lock.unlock()
  }

  var all: [Double] {
    lock.lock()
    defer { lock.unlock() }
    return values
  }
}
