import Foundation
import GRDB

extension ProgressStore {
  /// Records that a section was read.
  public func recordRead(_ read: SectionRead) throws(StoreError) {
    try write { db in try read.insert(db) }
  }

  /// Records one answer; returns it with its row id.
  @discardableResult
  public func recordAttempt(_ attempt: QuizAttempt) throws(StoreError) -> QuizAttempt {
    try write { db in
      var copy = attempt
      try copy.insert(db)
      return copy
    }
  }

  /// Records one calculator run.
  @discardableResult
  public func recordExperiment(_ experiment: Experiment) throws(StoreError) -> Experiment {
    try write { db in
      var copy = experiment
      try copy.insert(db)
      return copy
    }
  }

  /// Records one scenario play.
  @discardableResult
  public func recordScenarioRun(_ run: ScenarioRun) throws(StoreError) -> ScenarioRun {
    try write { db in
      var copy = run
      try copy.insert(db)
      return copy
    }
  }

  /// The ids of the sections the profile has read.
  public func readSectionIds(profileId: Int64) throws(StoreError) -> Set<String> {
    try read { db in
      Set(
        try String.fetchAll(
          db,
          sql: "SELECT DISTINCT sectionId FROM sectionRead WHERE profileId = ?",
          arguments: [profileId]
        )
      )
    }
  }

  /// The profile's answers, oldest first.
  public func attempts(profileId: Int64) throws(StoreError) -> [QuizAttempt] {
    try read { db in
      try QuizAttempt.filter(QuizAttempt.Columns.profileId == profileId).order(
        QuizAttempt.Columns.answeredAt
      )
      .fetchAll(db)
    }
  }

  /// The profile's calculator runs, newest first.
  public func experiments(profileId: Int64, limit: Int = 50) throws(StoreError) -> [Experiment] {
    try read { db in
      try Experiment.filter(Experiment.Columns.profileId == profileId)
        .order(Experiment.Columns.createdAt.desc, Experiment.Columns.id.desc)
        .limit(limit)
        .fetchAll(db)
    }
  }

  /// A summary of everything recorded for one profile.
  public func summary(profileId: Int64, now: Date = Date(), calendar: Calendar = .utc)
    throws(StoreError) -> ProgressSummary
  {
    try read { db in
      let reads = try SectionRead.filter(SectionRead.Columns.profileId == profileId).fetchAll(db)
      let attempts = try QuizAttempt.filter(QuizAttempt.Columns.profileId == profileId).fetchAll(db)
      let experiments = try Experiment.filter(Experiment.Columns.profileId == profileId).fetchCount(
        db
      )
      let scenarios = try ScenarioRun.filter(ScenarioRun.Columns.profileId == profileId).fetchCount(
        db
      )
      let cards = try ReviewCard.filter(ReviewCard.Columns.profileId == profileId).fetchAll(db)
      return ProgressSummary.make(
        reads: reads,
        attempts: attempts,
        cards: cards,
        experiments: experiments,
        scenarioRuns: scenarios,
        now: now,
        calendar: calendar
      )
    }
  }

  /// The seconds one record adds to the time spent: at most a day, nothing when the
  /// value is negative or not a number (records damaged by an earlier version's import).
  static func countedSeconds(_ seconds: Double) -> Double {
    seconds.isFinite ? min(max(seconds, 0), 86_400) : 0
  }

  /// Consecutive days with activity, ending today or yesterday.
  static func streak(days: Set<Date>, now: Date, calendar: Calendar) -> Int {
    var day = calendar.startOfDay(for: now)
    if !days.contains(day) {
      guard let yesterday = calendar.date(byAdding: .day, value: -1, to: day),
        days.contains(yesterday)
      else { return 0 }
      day = yesterday
    }
    var count = 0
    while days.contains(day) {
      count += 1
      guard let previous = calendar.date(byAdding: .day, value: -1, to: day) else { break }
      day = previous
    }
    return count
  }
}

extension Calendar {
  /// The Gregorian calendar in UTC, so that streaks do not depend on the machine's zone.
  public static var utc: Calendar {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
    return calendar
  }
}

extension ProgressStore {
  /// The section the profile read most recently, if any.
  public func lastReadSectionId(profileId: Int64) throws(StoreError) -> String? {
    try read { db in
      try String.fetchOne(
        db,
        sql:
          "SELECT sectionId FROM sectionRead WHERE profileId = ? ORDER BY readAt DESC, rowid DESC LIMIT 1",
        arguments: [profileId]
      )
    }
  }
}

extension ProgressStore {
  /// The profile's scenario plays, oldest first.
  public func scenarioRuns(profileId: Int64) throws(StoreError) -> [ScenarioRun] {
    try read { db in
      try ScenarioRun.filter(ScenarioRun.Columns.profileId == profileId).order(
        ScenarioRun.Columns.createdAt
      ).fetchAll(
        db
      )
    }
  }
}

extension ProgressSummary {
  /// The summary of one profile's records, the same for every store backend.
  public static func make(
    reads: [SectionRead],
    attempts: [QuizAttempt],
    cards: [ReviewCard],
    experiments: Int,
    scenarioRuns: Int,
    now: Date,
    calendar: Calendar
  ) -> ProgressSummary {
    var topics: [String: ProgressSummary.TopicStats] = [:]
    for attempt in attempts {
      topics[attempt.topic, default: .init(topic: attempt.topic, attempts: 0, correct: 0)]
        .record(correct: attempt.correct)
    }
    var days = Set<Date>()
    for date in reads.map(\.readAt) + attempts.map(\.answeredAt) {
      days.insert(calendar.startOfDay(for: date))
    }
    return ProgressSummary(
      sectionsRead: Set(reads.map(\.sectionId)).count,
      attempts: attempts.count,
      correct: attempts.filter(\.correct).count,
      topics: topics.values.sorted { $0.topic < $1.topic },
      cards: cards.count,
      cardsDue: cards.filter { $0.due <= now }.count,
      experiments: experiments,
      scenarioRuns: scenarioRuns,
      secondsSpent: (reads.map(\.seconds) + attempts.map(\.seconds)).map(
        ProgressStore.countedSeconds
      )
      .reduce(0, +),
      streakDays: ProgressStore.streak(days: days, now: now, calendar: calendar),
      lastActivity: (reads.map(\.readAt) + attempts.map(\.answeredAt)).max()
    )
  }
}
