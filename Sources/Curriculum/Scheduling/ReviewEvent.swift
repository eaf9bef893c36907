import Foundation

/// One review in a replayed history: when it happened and how the learner rated it.
///
/// Written on the command line as `TIMESTAMP@RATING`, e.g. `2026-01-01T09:00:00Z@good`.
public struct ReviewEvent: Hashable, Sendable {
  /// When the review happened.
  public var date: Date
  /// The grade the learner gave.
  public var rating: Rating

  /// Creates an event.
  public init(date: Date, rating: Rating) {
    self.date = date
    self.rating = rating
  }

  /// Parses `TIMESTAMP@RATING`; `position` (1-based) only labels the error message.
  ///
  /// The time must be ISO 8601 in UTC (`Z` or `+00:00`, optional fraction of a second);
  /// the rating is `again`, `hard`, `good` or `easy`, in any letter case.
  public init(parsing text: String, position: Int = 1) throws(ReviewEventError) {
    let event = text.trimmingCharacters(in: .whitespaces)
    guard let at = event.lastIndex(of: "@") else {
      throw .missingSeparator(position: position, event: text)
    }
    let timestamp = String(event[..<at])
    let ratingName = String(event[event.index(after: at)...])
    guard let date = UTCTimestamp.parse(timestamp) else {
      throw .badTimestamp(position: position, event: text)
    }
    guard let rating = Rating(name: ratingName.lowercased()) else {
      throw .unknownRating(position: position, event: text, rating: ratingName)
    }
    self.init(date: date, rating: rating)
  }

  /// Parses a whole history, checking that there is at least one event and that no event
  /// is earlier than the one before it (equal times are allowed: a same-moment review).
  public static func parseHistory(_ texts: [String]) throws(ReviewEventError) -> [ReviewEvent] {
    guard !texts.isEmpty else { throw .noEvents }
    var events: [ReviewEvent] = []
    for (offset, text) in texts.enumerated() {
      let event = try ReviewEvent(parsing: text, position: offset + 1)
      if let previous = events.last, event.date < previous.date {
        throw .outOfOrder(
          position: offset + 1,
          event: text,
          previousTimestamp: UTCTimestamp.format(previous.date)
        )
      }
      events.append(event)
    }
    return events
  }

  /// The event written back as `TIMESTAMP@RATING`.
  public var text: String { "\(UTCTimestamp.format(date))@\(rating.name)" }
}
