import Foundation
import ProgressStore

/// A profile's progress as a JSON document that `export` writes and `import` merges.
///
/// Everything is keyed by stable content ids and timestamps, so importing the same
/// file twice adds nothing the second time.
struct ProgressArchive: Codable {
  static let format = "goldilocks-progress"
  static let version = 1

  struct Read: Codable, Hashable {
    var sectionId: String
    var chapterId: String
    var readAt: Date
    var seconds: Double
  }

  struct Attempt: Codable, Hashable {
    var questionId: String
    var topic: String
    var mode: String
    var answer: String
    var correct: Bool
    var seconds: Double
    var answeredAt: Date
  }

  struct Card: Codable, Hashable {
    var questionId: String
    var state: String
    var step: Int?
    var stability: Double?
    var difficulty: Double?
    var due: Date
    var lastReview: Date?
  }

  struct Rating: Codable, Hashable {
    var questionId: String
    var rating: String
    var reviewedAt: Date
    var durationMs: Int
  }

  var format: String
  var version: Int
  var profile: String
  var exportedAt: Date
  var reads: [Read]
  var attempts: [Attempt]
  var cards: [Card]
  var reviews: [Rating]
}
