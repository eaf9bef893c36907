import Foundation

/// The FSRS-6 spaced-repetition scheduler: an exact port of py-fsrs 6.x's `Scheduler`.
///
/// Pure and clock-free: every method takes the time it should act at, and fuzz draws from a
/// random number generator the caller passes in. With fuzz off, ``review(_:rating:at:)``
/// returns the same state, step and due date as py-fsrs and the same stability and
/// difficulty to the last bit (the formulas keep py-fsrs's operation order and use
/// `pow(e, x)` where it writes `math.e ** x`).
///
/// Elapsed time is counted in whole days, rounded down, as Python's `timedelta.days` does:
/// a review 23 h 59 min after the previous one is a same-day review.
public struct ReviewScheduler: Hashable, Sendable {
  /// The 21 FSRS-6 weights.
  public let parameters: FSRSParameters
  /// The recall probability at which review cards come due (0.9 = 90 %).
  public let desiredRetention: Double
  /// The waits, in seconds, between the learning steps of a new card.
  public let learningSteps: [TimeInterval]
  /// The waits, in seconds, between the relearning steps of a lapsed card.
  public let relearningSteps: [TimeInterval]
  /// The longest review interval in days.
  public let maximumInterval: Int
  /// Whether review intervals get py-fsrs's random fuzz, so cards learned together spread out.
  public let enableFuzzing: Bool

  /// The lowest stability FSRS allows, in days.
  public static let minimumStability = 0.001
  /// The range difficulty is clamped to.
  public static let difficultyRange: ClosedRange<Double> = 1.0...10.0

  /// py-fsrs's `Scheduler()`: FSRS-6 defaults, 90 % retention, steps 1 min and 10 min,
  /// relearning step 10 min, at most 36,500 days, fuzz on.
  public static let standard = ReviewScheduler(
    uncheckedParameters: .fsrs6Default,
    desiredRetention: 0.9,
    learningSteps: [60, 600],
    relearningSteps: [600],
    maximumInterval: 36_500,
    enableFuzzing: true
  )

  /// py-fsrs's `Scheduler(enable_fuzzing=False)`, the reference `srs simulate` reproduces.
  public static let unfuzzed = standard.withFuzzing(false)

  /// Creates a scheduler, checking every setting; the defaults are py-fsrs's.
  public init(
    parameters: FSRSParameters = .fsrs6Default,
    desiredRetention: Double = 0.9,
    learningSteps: [TimeInterval] = [60, 600],
    relearningSteps: [TimeInterval] = [600],
    maximumInterval: Int = 36_500,
    enableFuzzing: Bool = true
  ) throws(ReviewSchedulerError) {
    guard desiredRetention > 0 && desiredRetention < 1 else {
      throw .desiredRetentionOutOfRange(desiredRetention)
    }
    if let bad = learningSteps.first(where: { !($0 > 0 && $0.isFinite) }) {
      throw .invalidStep(kind: "learning", seconds: bad)
    }
    if let bad = relearningSteps.first(where: { !($0 > 0 && $0.isFinite) }) {
      throw .invalidStep(kind: "relearning", seconds: bad)
    }
    guard maximumInterval >= 1 else { throw .maximumIntervalTooSmall(maximumInterval) }
    self.init(
      uncheckedParameters: parameters,
      desiredRetention: desiredRetention,
      learningSteps: learningSteps,
      relearningSteps: relearningSteps,
      maximumInterval: maximumInterval,
      enableFuzzing: enableFuzzing
    )
  }

  private init(
    uncheckedParameters parameters: FSRSParameters,
    desiredRetention: Double,
    learningSteps: [TimeInterval],
    relearningSteps: [TimeInterval],
    maximumInterval: Int,
    enableFuzzing: Bool
  ) {
    self.parameters = parameters
    self.desiredRetention = desiredRetention
    self.learningSteps = learningSteps
    self.relearningSteps = relearningSteps
    self.maximumInterval = maximumInterval
    self.enableFuzzing = enableFuzzing
  }

  /// The same scheduler with fuzz switched on or off.
  public func withFuzzing(_ enabled: Bool) -> ReviewScheduler {
    ReviewScheduler(
      uncheckedParameters: parameters,
      desiredRetention: desiredRetention,
      learningSteps: learningSteps,
      relearningSteps: relearningSteps,
      maximumInterval: maximumInterval,
      enableFuzzing: enabled
    )
  }

  /// A card never reviewed, due at `date`.
  public func newCard(dueAt date: Date) -> SchedulingCard {
    .new(dueAt: date)
  }

  // MARK: - Reviewing

  /// Reviews `card` with `rating` at `date`; fuzz, when on, uses the system generator.
  public func review(
    _ card: SchedulingCard,
    rating: Rating,
    at date: Date,
    durationMilliseconds: Int? = nil
  ) -> (card: SchedulingCard, log: ReviewLogEntry) {
    var generator = SystemRandomNumberGenerator()
    return review(
      card,
      rating: rating,
      at: date,
      durationMilliseconds: durationMilliseconds,
      using: &generator
    )
  }

  /// Reviews `card` with `rating` at `date`, drawing fuzz from `generator`.
  ///
  /// The generator is used (once) only when fuzz is on and the card ends in the review state
  /// with an interval of at least 3 days, so a seeded generator gives repeatable schedules.
  public func review(
    _ card: SchedulingCard,
    rating: Rating,
    at date: Date,
    durationMilliseconds: Int? = nil,
    using generator: inout some RandomNumberGenerator
  ) -> (card: SchedulingCard, log: ReviewLogEntry) {
    var next = card
    let elapsedDays = card.lastReview.map { Self.wholeDays(from: $0, to: date) }
    let isSameDay = elapsedDays.map { $0 < 1 } ?? false
    let interval: ScheduledInterval

    switch card.state {
    case .learning:
      let step = card.step ?? 0
      if let stability = card.stability, let difficulty = card.difficulty {
        updateMemory(&next, stability: stability, difficulty: difficulty, rating, date, isSameDay)
      } else {
        next.stability = initialStability(rating)
        next.difficulty = clampDifficulty(initialDifficulty(rating))
      }
      interval = stepInterval(&next, step: step, steps: learningSteps, rating: rating)

    case .review:
      let stability = card.stability ?? Self.minimumStability
      let difficulty = card.difficulty ?? Self.difficultyRange.lowerBound
      updateMemory(&next, stability: stability, difficulty: difficulty, rating, date, isSameDay)
      if rating == .again && !relearningSteps.isEmpty {
        next.state = .relearning
        next.step = 0
        interval = .seconds(relearningSteps[0])
      } else {
        interval = .days(nextInterval(stability: next.stability ?? Self.minimumStability))
      }

    case .relearning:
      let step = card.step ?? 0
      let stability = card.stability ?? Self.minimumStability
      let difficulty = card.difficulty ?? Self.difficultyRange.lowerBound
      updateMemory(&next, stability: stability, difficulty: difficulty, rating, date, isSameDay)
      interval = stepInterval(&next, step: step, steps: relearningSteps, rating: rating)
    }

    var seconds = interval.seconds
    if enableFuzzing && next.state == .review, case .days(let days) = interval {
      seconds = TimeInterval(fuzzedInterval(days: days, using: &generator)) * 86_400
    }
    next.due = date.addingTimeInterval(seconds)
    next.lastReview = date
    let log = ReviewLogEntry(
      rating: rating,
      reviewedAt: date,
      durationMilliseconds: durationMilliseconds
    )
    return (next, log)
  }

  /// The probability that the learner recalls `card` at `date`, from its forgetting curve.
  ///
  /// Zero for a card never reviewed, as in py-fsrs. Elapsed time is in whole days.
  public func retrievability(of card: SchedulingCard, at date: Date) -> Double {
    guard let lastReview = card.lastReview, let stability = card.stability else { return 0 }
    let elapsedDays = max(0, Self.wholeDays(from: lastReview, to: date))
    return forgettingCurve(elapsedDays: Double(elapsedDays), stability: stability)
  }

  // MARK: - State machine pieces

  /// An interval before fuzz: a learning step in seconds or a review interval in days.
  private enum ScheduledInterval {
    case seconds(TimeInterval)
    case days(Int)

    var seconds: TimeInterval {
      switch self {
      case .seconds(let value): return value
      case .days(let days): return TimeInterval(days) * 86_400
      }
    }
  }

  /// Updates stability (from the old difficulty) and then difficulty, as py-fsrs does for
  /// a card that has been reviewed before.
  private func updateMemory(
    _ card: inout SchedulingCard,
    stability: Double,
    difficulty: Double,
    _ rating: Rating,
    _ date: Date,
    _ isSameDay: Bool
  ) {
    if isSameDay {
      card.stability = shortTermStability(stability, rating: rating)
    } else {
      let recall = retrievability(of: card, at: date)
      card.stability = nextStability(
        difficulty: difficulty,
        stability: stability,
        retrievability: recall,
        rating: rating
      )
    }
    card.difficulty = nextDifficulty(difficulty, rating: rating)
  }

  /// Moves a learning or relearning card through `steps` and returns its next interval.
  private func stepInterval(
    _ card: inout SchedulingCard,
    step: Int,
    steps: [TimeInterval],
    rating: Rating
  ) -> ScheduledInterval {
    if steps.isEmpty || (step >= steps.count && rating != .again) {
      return graduate(&card)
    }
    switch rating {
    case .again:
      card.step = 0
      return .seconds(steps[0])
    case .hard:
      card.step = step
      if step == 0 && steps.count == 1 {
        return .seconds(steps[0] * 1.5)
      } else if step == 0 {
        return .seconds((steps[0] + steps[1]) / 2.0)
      } else {
        return .seconds(steps[step])
      }
    case .good:
      if step + 1 == steps.count {
        return graduate(&card)
      }
      card.step = step + 1
      return .seconds(steps[step + 1])
    case .easy:
      return graduate(&card)
    }
  }

  /// Moves the card to the review state and returns its interval in days.
  private func graduate(_ card: inout SchedulingCard) -> ScheduledInterval {
    card.state = .review
    card.step = nil
    return .days(nextInterval(stability: card.stability ?? Self.minimumStability))
  }

  /// Whole days from `start` to `end`, rounded down (Python's `timedelta.days`).
  static func wholeDays(from start: Date, to end: Date) -> Int {
    Int((end.timeIntervalSince(start) / 86_400).rounded(.down))
  }
}
