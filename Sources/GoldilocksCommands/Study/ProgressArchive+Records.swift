import Foundation
import ProgressStore

extension ProgressArchive {
  /// The archive of one profile's study records, stamped `exportedAt`.
  init(
    profile: String,
    exportedAt: Date,
    records: (
      reads: [SectionRead], attempts: [QuizAttempt], cards: [ReviewCard],
      reviews: [ReviewLogRecord]
    )
  ) {
    self.init(
      format: Self.format,
      version: Self.version,
      profile: profile,
      exportedAt: exportedAt,
      reads: records.reads.map {
        .init(
          sectionId: $0.sectionId,
          chapterId: $0.chapterId,
          readAt: $0.readAt,
          seconds: $0.seconds
        )
      },
      attempts: records.attempts.map {
        .init(
          questionId: $0.questionId,
          topic: $0.topic,
          mode: $0.mode,
          answer: $0.answer,
          correct: $0.correct,
          seconds: $0.seconds,
          answeredAt: $0.answeredAt
        )
      },
      cards: records.cards.map {
        .init(
          questionId: $0.questionId,
          state: $0.state,
          step: $0.step,
          stability: $0.stability,
          difficulty: $0.difficulty,
          due: $0.due,
          lastReview: $0.lastReview
        )
      },
      reviews: records.reviews.map {
        .init(
          questionId: $0.questionId,
          rating: $0.rating,
          reviewedAt: $0.reviewedAt,
          durationMs: $0.durationMs
        )
      }
    )
  }

  /// The file `export` writes: pretty, key-sorted JSON with dates as seconds since 1970
  /// (which `import` reads back to the millisecond).
  func encoded() throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    encoder.dateEncodingStrategy = .custom { date, encoder in
      var container = encoder.singleValueContainer()
      try container.encode(date.timeIntervalSince1970)
    }
    return try encoder.encode(self)
  }
}
