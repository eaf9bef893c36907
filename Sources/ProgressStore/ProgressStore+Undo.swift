import Foundation
import GRDB

extension ProgressStore {
  /// Takes back one answer in one transaction: deletes the answer row, the newest
  /// review-log row of its question when `removeLastReview`, and restores the card
  /// (`restoring`), or deletes it when the answer had created it.
  ///
  /// The caller keeps what the card looked like before (the store keeps no history of
  /// cards), so an undo is possible while that is still known: within one review session.
  public func undoAnswer(
    profileId: Int64,
    attemptId: Int64,
    questionId: String,
    removeLastReview: Bool,
    restoring previous: ReviewCard?
  ) throws(StoreError) {
    try write { db in
      try db.execute(
        sql: "DELETE FROM quizAttempt WHERE id = ? AND profileId = ?",
        arguments: [attemptId, profileId]
      )
      if removeLastReview {
        try db.execute(
          sql: """
            DELETE FROM reviewLog WHERE id = (SELECT MAX(id) FROM reviewLog
            WHERE profileId = ? AND questionId = ?)
            """,
          arguments: [profileId, questionId]
        )
        if let previous {
          try previous.save(db)
        } else {
          try ReviewCard.filter(
            ReviewCard.Columns.profileId == profileId && ReviewCard.Columns.questionId == questionId
          ).deleteAll(db)
        }
      }
    }
  }
}
