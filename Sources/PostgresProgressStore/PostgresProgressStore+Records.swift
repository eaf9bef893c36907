import Foundation
import PostgresNIO
import ProgressStore

// MARK: - Profiles

extension PostgresProgressStore {
  static func profile(_ row: PostgresRow) throws -> Profile {
    let (id, name, created) = try row.decode((Int64, String, Date).self)
    return Profile(id: id, name: name, createdAt: created)
  }

  public func profiles() throws(StoreError) -> [Profile] {
    try transaction { connection in
      try run("SELECT id, name, created_at FROM profile ORDER BY name", on: connection)
        .map(Self.profile)
    }
  }

  public func profile(named name: String, now: Date) throws(StoreError) -> Profile {
    try transaction { connection in
      let select: PostgresQuery = "SELECT id, name, created_at FROM profile WHERE name = \(name)"
      if let row = try run(select, on: connection).first { return try Self.profile(row) }
      guard name == ProgressStore.defaultProfileName else {
        throw StoreError.unknownProfile(name)
      }
      try run(
        """
        INSERT INTO profile (name, created_at) VALUES (\(name), \(Self.ms(now)))
        ON CONFLICT (name) DO NOTHING
        """,
        on: connection
      )
      guard let row = try run(select, on: connection).first else {
        throw StoreError.unknownProfile(name)
      }
      return try Self.profile(row)
    }
  }

  @discardableResult
  public func createProfile(named name: String, now: Date) throws(StoreError) -> Profile {
    guard ProgressStore.isValidProfileName(name) else {
      throw StoreError.invalidProfileName(name)
    }
    return try transaction { connection in
      let rows = try run(
        """
        INSERT INTO profile (name, created_at) VALUES (\(name), \(Self.ms(now)))
        ON CONFLICT (name) DO NOTHING RETURNING id, name, created_at
        """,
        on: connection
      )
      guard let row = rows.first else { throw StoreError.profileExists(name) }
      return try Self.profile(row)
    }
  }

  public func renameProfile(from old: String, to new: String) throws(StoreError) {
    guard ProgressStore.isValidProfileName(new) else { throw StoreError.invalidProfileName(new) }
    try transaction { connection in
      let found = try run("SELECT id FROM profile WHERE name = \(old) FOR UPDATE", on: connection)
      guard !found.isEmpty else { throw StoreError.unknownProfile(old) }
      let taken = try run("SELECT 1 FROM profile WHERE name = \(new)", on: connection)
      guard taken.isEmpty else { throw StoreError.profileExists(new) }
      try run("UPDATE profile SET name = \(new) WHERE name = \(old)", on: connection)
      try run(
        "UPDATE setting SET value = \(new) WHERE key = 'currentProfile' AND value = \(old)",
        on: connection
      )
    }
  }

  public func deleteProfile(named name: String) throws(StoreError) {
    try transaction { connection in
      let deleted = try run("DELETE FROM profile WHERE name = \(name) RETURNING id", on: connection)
      guard !deleted.isEmpty else { throw StoreError.unknownProfile(name) }
      try run(
        "DELETE FROM setting WHERE key = 'currentProfile' AND value = \(name)",
        on: connection
      )
    }
  }

  /// The profile this database user chose last with `profile switch`.
  public func currentProfileName() throws(StoreError) -> String? {
    try transaction { connection in
      try run(
        "SELECT value FROM setting WHERE owner = current_user AND key = 'currentProfile'",
        on: connection
      ).first?.decode(String.self)
    }
  }

  public func switchProfile(to name: String) throws(StoreError) {
    try transaction { connection in
      let found = try run("SELECT 1 FROM profile WHERE name = \(name)", on: connection)
      guard !found.isEmpty else { throw StoreError.unknownProfile(name) }
      try run(
        """
        INSERT INTO setting (owner, key, value) VALUES (current_user, 'currentProfile', \(name))
        ON CONFLICT (owner, key) DO UPDATE SET value = excluded.value
        """,
        on: connection
      )
    }
  }
}

// MARK: - Activity

extension PostgresProgressStore {
  static let attemptColumns =
    "id, profile_id, question_id, topic, mode, answer, correct, seconds, answered_at"

  static func attempt(_ row: PostgresRow) throws -> QuizAttempt {
    let (id, profile, question, topic, mode, answer, correct, seconds, at) = try row.decode(
      (Int64, Int64, String, String, String, String, Bool, Double, Date).self
    )
    return QuizAttempt(
      id: id,
      profileId: profile,
      questionId: question,
      topic: topic,
      mode: mode,
      answer: answer,
      correct: correct,
      seconds: seconds,
      answeredAt: at
    )
  }

  static func read(_ row: PostgresRow) throws -> SectionRead {
    let (profile, section, chapter, at, seconds) = try row.decode(
      (Int64, String, String, Date, Double).self
    )
    return SectionRead(
      profileId: profile,
      sectionId: section,
      chapterId: chapter,
      readAt: at,
      seconds: seconds
    )
  }

  func insert(_ read: SectionRead, profileId: Int64, on connection: PostgresConnection) throws {
    try run(
      """
      INSERT INTO section_read (profile_id, section_id, chapter_id, read_at, seconds)
      VALUES (\(profileId), \(read.sectionId), \(read.chapterId), \(Self.ms(read.readAt)),
        \(read.seconds))
      """,
      on: connection
    )
  }

  func insert(_ attempt: QuizAttempt, profileId: Int64, on connection: PostgresConnection) throws
    -> QuizAttempt
  {
    let rows = try run(
      """
      INSERT INTO quiz_attempt (profile_id, question_id, topic, mode, answer, correct, seconds,
        answered_at)
      VALUES (\(profileId), \(attempt.questionId), \(attempt.topic), \(attempt.mode),
        \(attempt.answer), \(attempt.correct), \(attempt.seconds), \(Self.ms(attempt.answeredAt)))
      RETURNING id
      """,
      on: connection
    )
    var stored = attempt
    stored.id = try rows.first?.decode(Int64.self)
    stored.profileId = profileId
    stored.answeredAt = Self.ms(attempt.answeredAt)
    return stored
  }

  public func recordRead(_ read: SectionRead) throws(StoreError) {
    try transaction { connection in try insert(read, profileId: read.profileId, on: connection) }
  }

  @discardableResult
  public func recordAttempt(_ attempt: QuizAttempt) throws(StoreError) -> QuizAttempt {
    try transaction { connection in
      try insert(attempt, profileId: attempt.profileId, on: connection)
    }
  }

  @discardableResult
  public func recordExperiment(_ experiment: Experiment) throws(StoreError) -> Experiment {
    try transaction { connection in
      let rows = try run(
        """
        INSERT INTO experiment (profile_id, command, spec, result_json, created_at)
        VALUES (\(experiment.profileId), \(experiment.command), \(experiment.spec),
          \(experiment.resultJSON), \(Self.ms(experiment.createdAt)))
        RETURNING id
        """,
        on: connection
      )
      var stored = experiment
      stored.id = try rows.first?.decode(Int64.self)
      return stored
    }
  }

  @discardableResult
  public func recordScenarioRun(_ run: ScenarioRun) throws(StoreError) -> ScenarioRun {
    try transaction { connection in
      let rows = try self.run(
        """
        INSERT INTO scenario_run (profile_id, scenario_id, decision, correct, result_json,
          created_at)
        VALUES (\(run.profileId), \(run.scenarioId), \(run.decision), \(run.correct),
          \(run.resultJSON), \(Self.ms(run.createdAt)))
        RETURNING id
        """,
        on: connection
      )
      var stored = run
      stored.id = try rows.first?.decode(Int64.self)
      return stored
    }
  }

  public func readSectionIds(profileId: Int64) throws(StoreError) -> Set<String> {
    try transaction { connection in
      Set(
        try run(
          "SELECT DISTINCT section_id FROM section_read WHERE profile_id = \(profileId)",
          on: connection
        ).map { try $0.decode(String.self) }
      )
    }
  }

  public func lastReadSectionId(profileId: Int64) throws(StoreError) -> String? {
    try transaction { connection in
      try run(
        """
        SELECT section_id FROM section_read WHERE profile_id = \(profileId)
        ORDER BY read_at DESC LIMIT 1
        """,
        on: connection
      ).first?.decode(String.self)
    }
  }

  func fetchAttempts(profileId: Int64, on connection: PostgresConnection) throws -> [QuizAttempt] {
    try run(
      """
      SELECT \(unescaped: Self.attemptColumns) FROM quiz_attempt WHERE profile_id = \(profileId)
      ORDER BY answered_at, id
      """,
      on: connection
    ).map(Self.attempt)
  }

  func fetchReads(profileId: Int64, on connection: PostgresConnection) throws -> [SectionRead] {
    try run(
      """
      SELECT profile_id, section_id, chapter_id, read_at, seconds FROM section_read
      WHERE profile_id = \(profileId) ORDER BY read_at
      """,
      on: connection
    ).map(Self.read)
  }

  public func attempts(profileId: Int64) throws(StoreError) -> [QuizAttempt] {
    try transaction { connection in try fetchAttempts(profileId: profileId, on: connection) }
  }

  public func experiments(profileId: Int64, limit: Int) throws(StoreError) -> [Experiment] {
    try transaction { connection in
      try run(
        """
        SELECT id, profile_id, command, spec, result_json, created_at FROM experiment
        WHERE profile_id = \(profileId) ORDER BY created_at DESC, id DESC LIMIT \(limit)
        """,
        on: connection
      ).map { row in
        let (id, profile, command, spec, json, created) = try row.decode(
          (Int64, Int64, String, String, String, Date).self
        )
        return Experiment(
          id: id,
          profileId: profile,
          command: command,
          spec: spec,
          resultJSON: json,
          createdAt: created
        )
      }
    }
  }

  public func scenarioRuns(profileId: Int64) throws(StoreError) -> [ScenarioRun] {
    try transaction { connection in
      try run(
        """
        SELECT id, profile_id, scenario_id, decision, correct, result_json, created_at
        FROM scenario_run WHERE profile_id = \(profileId) ORDER BY created_at, id
        """,
        on: connection
      ).map { row in
        let (id, profile, scenario, decision, correct, json, created) = try row.decode(
          (Int64, Int64, String, String, Bool, String, Date).self
        )
        return ScenarioRun(
          id: id,
          profileId: profile,
          scenarioId: scenario,
          decision: decision,
          correct: correct,
          resultJSON: json,
          createdAt: created
        )
      }
    }
  }

  public func summary(profileId: Int64, now: Date, calendar: Calendar) throws(StoreError)
    -> ProgressSummary
  {
    try transaction { connection in
      let rows = try run(
        """
        SELECT (SELECT count(*) FROM experiment WHERE profile_id = \(profileId)),
          (SELECT count(*) FROM scenario_run WHERE profile_id = \(profileId))
        """,
        on: connection
      )
      var counts: (Int64, Int64) = (0, 0)
      if let row = rows.first { counts = try row.decode((Int64, Int64).self) }
      return ProgressSummary.make(
        reads: try fetchReads(profileId: profileId, on: connection),
        attempts: try fetchAttempts(profileId: profileId, on: connection),
        cards: try fetchCards(profileId: profileId, questionId: nil, on: connection),
        experiments: Int(counts.0),
        scenarioRuns: Int(counts.1),
        now: now,
        calendar: calendar
      )
    }
  }
}

// MARK: - Review, exams, reset, export and import

extension PostgresProgressStore {
  /// The profile's cards (one question's when `questionId` is given); `locking` holds
  /// their row locks (`FOR UPDATE`) until the transaction ends.
  func fetchCards(
    profileId: Int64,
    questionId: String?,
    locking: Bool = false,
    on connection: PostgresConnection
  ) throws -> [ReviewCard] {
    try run(
      """
      SELECT profile_id, question_id, state, step, stability, difficulty, due, last_review
      FROM review_card WHERE profile_id = \(profileId)
        AND (\(questionId)::text IS NULL OR question_id = \(questionId))
      ORDER BY due, question_id \(unescaped: locking ? "FOR UPDATE" : "")
      """,
      on: connection
    ).map { row in
      let (profile, question, state, step, stability, difficulty, due, last) = try row.decode(
        (Int64, String, String, Int?, Double?, Double?, Date, Date?).self
      )
      return ReviewCard(
        profileId: profile,
        questionId: question,
        state: state,
        step: step,
        stability: stability,
        difficulty: difficulty,
        due: due,
        lastReview: last
      )
    }
  }

  /// Writes a card, holding its row lock until the transaction ends, so that two
  /// answers to one card are applied one after the other and each bumps its version.
  func save(_ card: ReviewCard, profileId: Int64, on connection: PostgresConnection) throws {
    try run(
      """
      SELECT version FROM review_card
      WHERE profile_id = \(profileId) AND question_id = \(card.questionId) FOR UPDATE
      """,
      on: connection
    )
    try run(
      """
      INSERT INTO review_card (profile_id, question_id, state, step, stability, difficulty, due,
        last_review)
      VALUES (\(profileId), \(card.questionId), \(card.state), \(card.step), \(card.stability),
        \(card.difficulty), \(Self.ms(card.due)), \(Self.ms(card.lastReview)))
      ON CONFLICT (profile_id, question_id) DO UPDATE SET state = excluded.state,
        step = excluded.step, stability = excluded.stability, difficulty = excluded.difficulty,
        due = excluded.due, last_review = excluded.last_review,
        version = review_card.version + 1
      """,
      on: connection
    )
  }

  func insert(_ review: ReviewLogRecord, profileId: Int64, on connection: PostgresConnection)
    throws
  {
    try run(
      """
      INSERT INTO review_log (profile_id, question_id, rating, reviewed_at, duration_ms)
      VALUES (\(profileId), \(review.questionId), \(review.rating),
        \(Self.ms(review.reviewedAt)), \(review.durationMs))
      """,
      on: connection
    )
  }

  public func card(profileId: Int64, questionId: String) throws(StoreError) -> ReviewCard? {
    try transaction { connection in
      try fetchCards(profileId: profileId, questionId: questionId, on: connection).first
    }
  }

  public func cards(profileId: Int64) throws(StoreError) -> [ReviewCard] {
    try transaction { connection in
      try fetchCards(profileId: profileId, questionId: nil, on: connection)
    }
  }

  /// Records an answer and what it does to its card in one transaction.
  ///
  /// The answer is inserted first (with its key, `ON CONFLICT DO NOTHING`: a key stored
  /// already means this is a retry of a committed answer, and nothing more is written).
  /// Then the card's row is locked with `SELECT ... FOR UPDATE`, so another answer to the
  /// same card waits until this transaction ends and then reads the card stored here. A
  /// card that does not exist yet cannot be locked: it is inserted with `ON CONFLICT DO
  /// NOTHING`, and when another transaction inserted it first, the card is locked, read
  /// and computed again.
  @discardableResult
  public func recordAnswer(
    _ attempt: QuizAttempt,
    key: String?,
    update: (ReviewCard?) -> CardUpdate?
  ) throws(StoreError) -> RecordedAnswer {
    try transaction(idempotent: key != nil) { connection in
      let profileId = attempt.profileId
      let rows = try run(
        """
        INSERT INTO quiz_attempt (profile_id, question_id, topic, mode, answer, correct, seconds,
          answered_at, attempt_key)
        VALUES (\(profileId), \(attempt.questionId), \(attempt.topic), \(attempt.mode),
          \(attempt.answer), \(attempt.correct), \(attempt.seconds), \(Self.ms(attempt.answeredAt)),
          \(key))
        ON CONFLICT (profile_id, attempt_key) DO NOTHING
        RETURNING id
        """,
        on: connection
      )
      guard let id = try rows.first?.decode(Int64.self) else {
        let existing = try run(
          """
          SELECT \(unescaped: Self.attemptColumns) FROM quiz_attempt
          WHERE profile_id = \(profileId) AND attempt_key = \(key)
          """,
          on: connection
        ).first.map(Self.attempt)
        let card = try fetchCards(
          profileId: profileId,
          questionId: attempt.questionId,
          on: connection
        ).first
        return RecordedAnswer(
          attempt: existing ?? attempt,
          previousCard: card,
          card: card,
          changedCard: false,
          wasAlreadyRecorded: true
        )
      }
      var stored = attempt
      stored.id = id
      stored.answeredAt = Self.ms(attempt.answeredAt)
      while true {
        let previous = try fetchCards(
          profileId: profileId,
          questionId: attempt.questionId,
          locking: true,
          on: connection
        ).first
        guard let change = update(previous) else {
          return RecordedAnswer(
            attempt: stored,
            previousCard: previous,
            card: previous,
            changedCard: false,
            wasAlreadyRecorded: false
          )
        }
        let card = change.card
        if previous == nil {
          let inserted = try run(
            """
            INSERT INTO review_card (profile_id, question_id, state, step, stability, difficulty,
              due, last_review)
            VALUES (\(profileId), \(attempt.questionId), \(card.state), \(card.step),
              \(card.stability), \(card.difficulty), \(Self.ms(card.due)),
              \(Self.ms(card.lastReview)))
            ON CONFLICT (profile_id, question_id) DO NOTHING
            RETURNING 1
            """,
            on: connection
          )
          // Another answer created the card meanwhile: lock it and start from it.
          if inserted.isEmpty { continue }
        } else {
          try run(
            """
            UPDATE review_card SET state = \(card.state), step = \(card.step),
              stability = \(card.stability), difficulty = \(card.difficulty),
              due = \(Self.ms(card.due)), last_review = \(Self.ms(card.lastReview)),
              version = version + 1
            WHERE profile_id = \(profileId) AND question_id = \(attempt.questionId)
            """,
            on: connection
          )
        }
        if let review = change.review { try insert(review, profileId: profileId, on: connection) }
        return RecordedAnswer(
          attempt: stored,
          previousCard: previous,
          card: card,
          changedCard: true,
          wasAlreadyRecorded: false
        )
      }
    }
  }

  public func undoAnswer(
    profileId: Int64,
    attemptId: Int64,
    questionId: String,
    removeLastReview: Bool,
    restoring previous: ReviewCard?
  ) throws(StoreError) {
    try transaction { connection in
      try run(
        "DELETE FROM quiz_attempt WHERE id = \(attemptId) AND profile_id = \(profileId)",
        on: connection
      )
      guard removeLastReview else { return }
      try run(
        """
        DELETE FROM review_log WHERE id = (SELECT MAX(id) FROM review_log
        WHERE profile_id = \(profileId) AND question_id = \(questionId))
        """,
        on: connection
      )
      if let previous {
        try save(previous, profileId: profileId, on: connection)
      } else {
        try run(
          """
          DELETE FROM review_card WHERE profile_id = \(profileId) AND question_id = \(questionId)
          """,
          on: connection
        )
      }
    }
  }

  @discardableResult
  public func recordExam(_ result: ExamResult) throws(StoreError) -> ExamResult {
    try transaction { connection in
      let rows = try run(
        """
        INSERT INTO exam_result (profile_id, exam, questions, correct, minutes, started_at,
          finished_at, detail_json)
        VALUES (\(result.profileId), \(result.exam), \(result.questions), \(result.correct),
          \(result.minutes), \(Self.ms(result.startedAt)), \(Self.ms(result.finishedAt)),
          \(result.detailJSON))
        RETURNING id
        """,
        on: connection
      )
      var stored = result
      stored.id = try rows.first?.decode(Int64.self)
      return stored
    }
  }

  public func exams(profileId: Int64) throws(StoreError) -> [ExamResult] {
    try transaction { connection in
      try run(
        """
        SELECT id, profile_id, exam, questions, correct, minutes, started_at, finished_at,
          detail_json
        FROM exam_result WHERE profile_id = \(profileId) ORDER BY finished_at, id
        """,
        on: connection
      ).map { row in
        let (id, profile, exam, questions, correct, minutes, started, finished, detail) =
          try row.decode((Int64, Int64, String, Int, Int, Double, Date, Date, String).self)
        return ExamResult(
          id: id,
          profileId: profile,
          exam: exam,
          questions: questions,
          correct: correct,
          minutes: minutes,
          startedAt: started,
          finishedAt: finished,
          detailJSON: detail
        )
      }
    }
  }

  @discardableResult
  public func reset(profileId: Int64, scope: ProgressStore.ResetScope, questionIds: [String])
    throws(StoreError) -> Int
  {
    try transaction { connection in
      var deleted = 0
      func delete(_ query: PostgresQuery) throws {
        deleted += try run(query, on: connection).metadata.rows ?? 0
      }
      switch scope {
      case .question(let id):
        for table in ["quiz_attempt", "review_card", "review_log"] {
          try delete(
            "DELETE FROM \(unescaped: table) WHERE profile_id = \(profileId) AND question_id = \(id)"
          )
        }
      case .topic(let topic):
        try delete(
          "DELETE FROM quiz_attempt WHERE profile_id = \(profileId) AND topic = \(topic)"
        )
        for table in ["review_card", "review_log"] {
          try delete(
            """
            DELETE FROM \(unescaped: table) WHERE profile_id = \(profileId)
              AND question_id = ANY(\(questionIds))
            """
          )
        }
      case .all:
        for table in [
          "section_read", "quiz_attempt", "review_card", "review_log", "experiment",
          "scenario_run", "exam_result",
        ] {
          try delete("DELETE FROM \(unescaped: table) WHERE profile_id = \(profileId)")
        }
      }
      return deleted
    }
  }

  public func studyRecords(profileId: Int64) throws(StoreError) -> (
    reads: [SectionRead], attempts: [QuizAttempt], cards: [ReviewCard], reviews: [ReviewLogRecord]
  ) {
    try transaction { connection in
      (
        try fetchReads(profileId: profileId, on: connection),
        try fetchAttempts(profileId: profileId, on: connection),
        try fetchCards(profileId: profileId, questionId: nil, on: connection),
        try fetchReviews(profileId: profileId, on: connection)
      )
    }
  }

  func fetchReviews(profileId: Int64, on connection: PostgresConnection) throws
    -> [ReviewLogRecord]
  {
    try run(
      """
      SELECT id, profile_id, question_id, rating, reviewed_at, duration_ms FROM review_log
      WHERE profile_id = \(profileId) ORDER BY reviewed_at, id
      """,
      on: connection
    ).map { row in
      let (id, profile, question, rating, at, duration) = try row.decode(
        (Int64, Int64, String, String, Date, Int).self
      )
      return ReviewLogRecord(
        id: id,
        profileId: profile,
        questionId: question,
        rating: rating,
        reviewedAt: at,
        durationMs: duration
      )
    }
  }

  @discardableResult
  public func mergeStudyRecords(
    profileId: Int64,
    reads: [SectionRead],
    attempts: [QuizAttempt],
    cards: [ReviewCard],
    reviews: [ReviewLogRecord]
  ) throws(StoreError) -> Int {
    try transaction { connection in
      var added = 0
      for read in reads {
        let exists = try run(
          """
          SELECT 1 FROM section_read WHERE profile_id = \(profileId)
            AND section_id = \(read.sectionId) AND read_at = \(Self.ms(read.readAt))
          """,
          on: connection
        )
        if exists.isEmpty {
          try insert(read, profileId: profileId, on: connection)
          added += 1
        }
      }
      for attempt in attempts {
        let exists = try run(
          """
          SELECT 1 FROM quiz_attempt WHERE profile_id = \(profileId)
            AND question_id = \(attempt.questionId) AND answered_at = \(Self.ms(attempt.answeredAt))
          """,
          on: connection
        )
        if exists.isEmpty {
          _ = try insert(attempt, profileId: profileId, on: connection)
          added += 1
        }
      }
      for review in reviews {
        let exists = try run(
          """
          SELECT 1 FROM review_log WHERE profile_id = \(profileId)
            AND question_id = \(review.questionId) AND reviewed_at = \(Self.ms(review.reviewedAt))
          """,
          on: connection
        )
        if exists.isEmpty {
          try insert(review, profileId: profileId, on: connection)
          added += 1
        }
      }
      for card in cards {
        let current = try fetchCards(
          profileId: profileId,
          questionId: card.questionId,
          on: connection
        ).first
        // Milliseconds are kept, so only a review at least 1 ms later is newer.
        let newer =
          current.map {
            (card.lastReview ?? .distantPast).timeIntervalSince($0.lastReview ?? .distantPast)
              >= 0.001
          } ?? true
        if newer {
          try save(card, profileId: profileId, on: connection)
          added += 1
        }
      }
      return added
    }
  }
}
