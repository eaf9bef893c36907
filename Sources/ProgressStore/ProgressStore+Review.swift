import Foundation
import GRDB

extension ProgressStore {
  /// The card of one question, if the profile has answered it.
  public func card(profileId: Int64, questionId: String) throws(StoreError) -> ReviewCard? {
    try read { db in
      try ReviewCard.filter(
        ReviewCard.Columns.profileId == profileId && ReviewCard.Columns.questionId == questionId
      )
      .fetchOne(db)
    }
  }

  /// All cards of the profile, soonest due first.
  public func cards(profileId: Int64) throws(StoreError) -> [ReviewCard] {
    try read { db in
      try ReviewCard.filter(ReviewCard.Columns.profileId == profileId).order(ReviewCard.Columns.due)
        .fetchAll(db)
    }
  }

  /// Records an answer and what it does to its card in one write transaction.
  ///
  /// GRDB begins writes `IMMEDIATE`, so the card read here cannot change before the commit:
  /// another connection's answer to the same card waits for this one and then reads the
  /// card this one stored. An answer whose `key` is stored already is not stored again.
  @discardableResult
  public func recordAnswer(
    _ attempt: QuizAttempt,
    key: String?,
    update: (ReviewCard?) -> CardUpdate?
  ) throws(StoreError) -> RecordedAnswer {
    try write { db in
      let filter = ReviewCard.filter(
        ReviewCard.Columns.profileId == attempt.profileId
          && ReviewCard.Columns.questionId == attempt.questionId
      )
      if let key,
        let existing = try QuizAttempt.fetchOne(
          db,
          sql: "SELECT * FROM quizAttempt WHERE profileId = ? AND attemptKey = ?",
          arguments: [attempt.profileId, key]
        )
      {
        let card = try filter.fetchOne(db)
        return RecordedAnswer(
          attempt: existing,
          previousCard: card,
          card: card,
          changedCard: false,
          wasAlreadyRecorded: true
        )
      }
      var stored = attempt
      try stored.insert(db)
      if let key {
        try db.execute(
          sql: "UPDATE quizAttempt SET attemptKey = ? WHERE id = ?",
          arguments: [key, stored.id]
        )
      }
      let previous = try filter.fetchOne(db)
      guard let change = update(previous) else {
        return RecordedAnswer(
          attempt: stored,
          previousCard: previous,
          card: previous,
          changedCard: false,
          wasAlreadyRecorded: false
        )
      }
      try change.card.save(db)
      if var review = change.review { try review.insert(db) }
      return RecordedAnswer(
        attempt: stored,
        previousCard: previous,
        card: change.card,
        changedCard: true,
        wasAlreadyRecorded: false
      )
    }
  }

  /// Records a finished exam.
  @discardableResult
  public func recordExam(_ result: ExamResult) throws(StoreError) -> ExamResult {
    try write { db in
      var stored = result
      try stored.insert(db)
      return stored
    }
  }

  /// The profile's exams, oldest first.
  public func exams(profileId: Int64) throws(StoreError) -> [ExamResult] {
    try read { db in
      try ExamResult.filter(ExamResult.Columns.profileId == profileId).order(
        ExamResult.Columns.finishedAt
      )
      .fetchAll(db)
    }
  }

  /// What `reset` forgets.
  public enum ResetScope: Sendable, Equatable {
    /// Answers and cards of questions of this topic.
    case topic(String)
    /// Answers and the card of one question.
    case question(String)
    /// Everything of the profile: reads, answers, cards, reviews, exams, runs.
    case all
  }

  /// Forgets progress; returns how many rows were deleted.
  @discardableResult
  public func reset(profileId: Int64, scope: ResetScope, questionIds: [String] = [])
    throws(StoreError) -> Int
  {
    try write { db in
      var deleted = 0
      switch scope {
      case .question(let id):
        deleted += try QuizAttempt.filter(
          QuizAttempt.Columns.profileId == profileId && QuizAttempt.Columns.questionId == id
        )
        .deleteAll(db)
        deleted += try ReviewCard.filter(
          ReviewCard.Columns.profileId == profileId && ReviewCard.Columns.questionId == id
        )
        .deleteAll(db)
        deleted += try ReviewLogRecord.filter(
          ReviewLogRecord.Columns.profileId == profileId && ReviewLogRecord.Columns.questionId == id
        ).deleteAll(db)
      case .topic(let topic):
        deleted += try QuizAttempt.filter(
          QuizAttempt.Columns.profileId == profileId && QuizAttempt.Columns.topic == topic
        )
        .deleteAll(db)
        let ids = questionIds
        deleted += try ReviewCard.filter(
          ReviewCard.Columns.profileId == profileId && ids.contains(ReviewCard.Columns.questionId)
        ).deleteAll(db)
        deleted += try ReviewLogRecord.filter(
          ReviewLogRecord.Columns.profileId == profileId
            && ids.contains(ReviewLogRecord.Columns.questionId)
        ).deleteAll(db)
      case .all:
        for table in [
          "sectionRead", "quizAttempt", "reviewCard", "reviewLog", "experiment", "scenarioRun",
          "examResult",
        ] {
          try db.execute(sql: "DELETE FROM \(table) WHERE profileId = ?", arguments: [profileId])
          deleted += db.changesCount
        }
      }
      return deleted
    }
  }
}

extension ProgressStore {
  /// Everything recorded for a profile's study (for export).
  public func studyRecords(profileId: Int64) throws(StoreError) -> (
    reads: [SectionRead], attempts: [QuizAttempt], cards: [ReviewCard], reviews: [ReviewLogRecord]
  ) {
    try read { db in
      (
        try SectionRead.filter(SectionRead.Columns.profileId == profileId).fetchAll(db),
        try QuizAttempt.filter(QuizAttempt.Columns.profileId == profileId).fetchAll(db),
        try ReviewCard.filter(ReviewCard.Columns.profileId == profileId).fetchAll(db),
        try ReviewLogRecord.filter(ReviewLogRecord.Columns.profileId == profileId).fetchAll(db)
      )
    }
  }

  /// Merges records into a profile in one transaction, skipping those it has already.
  ///
  /// A record exists already when it has the same content id and time; a card is
  /// replaced only by one reviewed later.
  /// Returns how many records were added.
  @discardableResult
  public func mergeStudyRecords(
    profileId: Int64,
    reads: [SectionRead],
    attempts: [QuizAttempt],
    cards: [ReviewCard],
    reviews: [ReviewLogRecord]
  ) throws(StoreError) -> Int {
    try write { db in
      var added = 0
      for read in reads {
        let exists = try SectionRead.filter(
          SectionRead.Columns.profileId == profileId
            && SectionRead.Columns.sectionId == read.sectionId
            && SectionRead.Columns.readAt == read.readAt
        ).fetchCount(db)
        if exists == 0 {
          var copy = read
          copy.profileId = profileId
          try copy.insert(db)
          added += 1
        }
      }
      for attempt in attempts {
        let exists = try QuizAttempt.filter(
          QuizAttempt.Columns.profileId == profileId
            && QuizAttempt.Columns.questionId == attempt.questionId
            && QuizAttempt.Columns.answeredAt == attempt.answeredAt
        ).fetchCount(db)
        if exists == 0 {
          var copy = attempt
          copy.id = nil
          copy.profileId = profileId
          try copy.insert(db)
          added += 1
        }
      }
      for review in reviews {
        let exists = try ReviewLogRecord.filter(
          ReviewLogRecord.Columns.profileId == profileId
            && ReviewLogRecord.Columns.questionId == review.questionId
            && ReviewLogRecord.Columns.reviewedAt == review.reviewedAt
        ).fetchCount(db)
        if exists == 0 {
          var copy = review
          copy.id = nil
          copy.profileId = profileId
          try copy.insert(db)
          added += 1
        }
      }
      for card in cards {
        var copy = card
        copy.profileId = profileId
        let current = try ReviewCard.filter(
          ReviewCard.Columns.profileId == profileId
            && ReviewCard.Columns.questionId == card.questionId
        ).fetchOne(db)
        if let current {
          // The store keeps milliseconds, so only a review at least 1 ms later is newer.
          let newer =
            (card.lastReview ?? .distantPast).timeIntervalSince(current.lastReview ?? .distantPast)
            >= 0.001
          if newer {
            try copy.update(db)
            added += 1
          }
        } else {
          try copy.insert(db)
          added += 1
        }
      }
      return added
    }
  }
}
