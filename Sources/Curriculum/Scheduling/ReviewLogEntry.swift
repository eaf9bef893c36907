import Foundation

/// The record of one review, as py-fsrs's `ReviewLog` keeps it.
///
/// Storing these (rating, time, duration) is what lets the FSRS optimizer fit personal
/// parameters later, once a learner has a few hundred reviews.
public struct ReviewLogEntry: Codable, Hashable, Sendable {
  /// The grade the learner gave.
  public var rating: Rating
  /// When the review happened.
  public var reviewedAt: Date
  /// How long the review took in milliseconds, when known.
  public var durationMilliseconds: Int?

  /// Creates a log entry.
  public init(rating: Rating, reviewedAt: Date, durationMilliseconds: Int? = nil) {
    self.rating = rating
    self.reviewedAt = reviewedAt
    self.durationMilliseconds = durationMilliseconds
  }
}
