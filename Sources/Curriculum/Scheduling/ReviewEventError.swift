/// A review event for `srs simulate` that cannot be read, with what to write instead.
///
/// Positions are 1-based, as the learner counts the events on the command line.
public enum ReviewEventError: Error, CustomStringConvertible, Hashable, Sendable {
  /// No events were given.
  case noEvents
  /// The event has no `@` between the time and the rating.
  case missingSeparator(position: Int, event: String)
  /// The part before `@` is not an ISO 8601 UTC timestamp.
  case badTimestamp(position: Int, event: String)
  /// The part after `@` is not one of again, hard, good, easy.
  case unknownRating(position: Int, event: String, rating: String)
  /// The event is earlier than the one before it.
  case outOfOrder(position: Int, event: String, previousTimestamp: String)

  public var description: String {
    let example = "2026-01-01T09:00:00Z"
    switch self {
    case .noEvents:
      return "no review events were given; pass one or more events TIMESTAMP@RATING, "
        + "such as \(example)@good"
    case .missingSeparator(let position, let event):
      return "event \(position) '\(event)': an event is TIMESTAMP@RATING, such as \(example)@good"
    case .badTimestamp(let position, let event):
      return "event \(position) '\(event)': the time is not an ISO 8601 UTC timestamp such as "
        + example
    case .unknownRating(let position, let event, let rating):
      return "event \(position) '\(event)': '\(rating)' is not a rating; "
        + "use again, hard, good or easy"
    case .outOfOrder(let position, let event, let previousTimestamp):
      return "event \(position) '\(event)': it is earlier than event \(position - 1) "
        + "(\(previousTimestamp)); list the events in time order"
    }
  }
}
