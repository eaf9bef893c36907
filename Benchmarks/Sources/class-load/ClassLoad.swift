import Curriculum
import Foundation
import PostgresProgressStore
import ProgressStore

/// The class workload of issue 17: simulated learners, each on its own connection, answer
/// questions and then review their cards, at most `pool` of them at once.
///
/// Every answer is one `recordAnswer(_:key:update:)` transaction (the answer, its card
/// updated by FSRS from the card as stored, and its review-log row); its wall time is the
/// commit latency. After the run a fresh connection counts what was stored.
struct ClassLoad {
  var learners = 200
  var answers = 50
  var questions = 25
  var pool = 32

  /// What one backend did.
  struct Result: Encodable {
    var backend: String
    var location: String
    var learners: Int
    var answersPerLearner: Int
    var reviewsPerLearner: Int
    var pool: Int
    var seconds: Double
    var writes: Int
    var writesPerSecond: Double
    var commitLatencyMs: Latency
    var expected: Counts
    var counted: Counts
    var errors: [String]
    var errorCount: Int

    var holds: Bool { errorCount == 0 && expected == counted }
  }

  struct Latency: Encodable {
    var p50: Double
    var p99: Double
    var max: Double
  }

  struct Counts: Encodable, Equatable {
    var profiles: Int
    var attempts: Int
    var reviews: Int
    var cards: Int
    /// Learners whose attempts, reviews or cards differ from what they did.
    var learnersOff: Int
  }

  /// Runs the workload with `open` making one learner's connection.
  func run(backend: String, location: String, open: @Sendable () throws -> any ProgressStoring)
    throws -> Result
  {
    let names = (0..<learners).map { String(format: "learner%03d", $0) }
    let next = Counter()
    let latencies = Collector<Double>()
    let errors = Collector<String>()
    // The first connection creates the schema, before the learners arrive.
    _ = try open()
    let clock = ContinuousClock()
    let start = clock.now
    DispatchQueue.concurrentPerform(iterations: pool) { _ in
      while let index = next.take(below: learners) {
        do {
          let store = try open()
          try simulate(
            learner: names[index],
            seed: UInt64(index),
            store: store,
            latencies: latencies
          )
        } catch {
          errors.add("\(names[index]): \(error)")
        }
      }
    }
    let elapsed = start.duration(to: clock.now)
    let seconds =
      Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let counted = try count(store: open(), names: Set(names))
    let sorted = latencies.all.sorted()
    let reviews = min(questions, answers)
    let writes = sorted.count
    return Result(
      backend: backend,
      location: location,
      learners: learners,
      answersPerLearner: answers,
      reviewsPerLearner: reviews,
      pool: pool,
      seconds: seconds,
      writes: writes,
      writesPerSecond: Double(writes) / seconds,
      commitLatencyMs: Latency(
        p50: Self.percentile(sorted, 50),
        p99: Self.percentile(sorted, 99),
        max: sorted.last ?? 0
      ),
      expected: Counts(
        profiles: learners,
        attempts: learners * (answers + reviews),
        reviews: learners * (answers + reviews),
        cards: learners * min(questions, answers),
        learnersOff: 0
      ),
      counted: counted,
      errors: Array(errors.all.prefix(5)),
      errorCount: errors.all.count
    )
  }

  /// One learner: `answers` quiz answers over `questions` questions, then one review of
  /// each card, soonest due first.
  private func simulate(
    learner: String,
    seed: UInt64,
    store: any ProgressStoring,
    latencies: Collector<Double>
  ) throws {
    let profile = try store.createProfile(named: learner, now: Date())
    guard let profileId = profile.id else { return }
    var random = SplitMix(seed: seed)
    let scheduler = ReviewScheduler.standard
    let clock = ContinuousClock()
    func answer(_ questionId: String, mode: String, at now: Date) throws {
      let correct = random.next() % 4 != 0
      let rating: Rating = correct ? .good : .again
      let attempt = QuizAttempt(
        profileId: profileId,
        questionId: questionId,
        topic: "pruning",
        mode: mode,
        answer: correct ? "A" : "B",
        correct: correct,
        seconds: 4,
        answeredAt: now
      )
      let began = clock.now
      try store.recordAnswer(attempt, key: UUID().uuidString) { current in
        let base = current.map(Self.schedulingCard) ?? scheduler.newCard(dueAt: now)
        let next = scheduler.review(base, rating: rating, at: now).card
        return CardUpdate(
          card: ReviewCard(
            profileId: profileId,
            questionId: questionId,
            state: next.state.name,
            step: next.step,
            stability: next.stability,
            difficulty: next.difficulty,
            due: next.due,
            lastReview: next.lastReview
          ),
          review: ReviewLogRecord(
            profileId: profileId,
            questionId: questionId,
            rating: rating.name,
            reviewedAt: now,
            durationMs: 4000
          )
        )
      }
      let took = began.duration(to: clock.now)
      latencies.add(
        Double(took.components.seconds) * 1000 + Double(took.components.attoseconds) / 1e15
      )
    }
    let start = Date()
    for index in 0..<answers {
      try answer("q\(index % questions)", mode: "quiz", at: start + Double(index) * 5)
    }
    let later = start + 86_400 * 2
    for (index, card) in try store.cards(profileId: profileId).enumerated() {
      try answer(card.questionId, mode: "review", at: later + Double(index) * 5)
    }
  }

  /// What a fresh connection finds for the run's learners.
  private func count(store: any ProgressStoring, names: Set<String>) throws -> Counts {
    var counts = Counts(profiles: 0, attempts: 0, reviews: 0, cards: 0, learnersOff: 0)
    let reviews = min(questions, answers)
    for profile in try store.profiles() where names.contains(profile.name) {
      guard let id = profile.id else { continue }
      let records = try store.studyRecords(profileId: id)
      counts.profiles += 1
      counts.attempts += records.attempts.count
      counts.reviews += records.reviews.count
      counts.cards += records.cards.count
      if records.attempts.count != answers + reviews || records.reviews.count != answers + reviews
        || records.cards.count != min(questions, answers)
      {
        counts.learnersOff += 1
      }
    }
    return counts
  }

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

  /// Nearest-rank percentile of sorted values.
  static func percentile(_ sorted: [Double], _ p: Double) -> Double {
    guard !sorted.isEmpty else { return 0 }
    let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
    return sorted[min(max(rank, 1), sorted.count) - 1]
  }
}

/// Hands out 0, 1, 2, … to several threads.
final class Counter: @unchecked Sendable {
  private let lock = NSLock()
  private var value = 0

  func take(below limit: Int) -> Int? {
    lock.lock()
    defer { lock.unlock() }
    guard value < limit else { return nil }
    value += 1
    return value - 1
  }
}

/// Collects values from several threads.
final class Collector<Value: Sendable>: @unchecked Sendable {
  private let lock = NSLock()
  private var values: [Value] = []

  func add(_ value: Value) {
    lock.lock()
    values.append(value)
    lock.unlock()
  }

  var all: [Value] {
    lock.lock()
    defer { lock.unlock() }
    return values
  }
}

/// A small seeded generator, so each learner's right and wrong answers repeat run to run.
struct SplitMix: RandomNumberGenerator {
  private var state: UInt64

  init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
