import Foundation

/// Replays one card's review history, the engine of `goldilocks srs simulate`.
///
/// Uses ``ReviewScheduler/unfuzzed`` by default, so its output equals py-fsrs's
/// `Scheduler(enable_fuzzing=False)` review by review.
public struct ReviewSimulation: Sendable {
  /// The scheduler the history is replayed with.
  public var scheduler: ReviewScheduler

  /// Creates a simulation; keep the default to match the reference implementation.
  public init(scheduler: ReviewScheduler = .unfuzzed) {
    self.scheduler = scheduler
  }

  /// Parses `TIMESTAMP@RATING` events and replays them on a new card.
  public func run(_ events: [String]) throws(ReviewEventError) -> [SimulatedCard] {
    run(try ReviewEvent.parseHistory(events))
  }

  /// Replays `events` on a new card due at the first event, returning the card after each.
  public func run(_ events: [ReviewEvent]) -> [SimulatedCard] {
    guard let first = events.first else { return [] }
    var card = scheduler.newCard(dueAt: first.date)
    var generator = SystemRandomNumberGenerator()
    return events.map { event in
      card = scheduler.review(card, rating: event.rating, at: event.date, using: &generator).card
      return SimulatedCard(card)
    }
  }

  /// The cards as the JSON array `srs simulate --json` prints: one line, keys in cli.md's
  /// order (state, step, stability, difficulty, due), numbers in shortest round-trip form.
  ///
  /// Written by hand because `JSONEncoder` does not keep key order on Linux; the values are
  /// the ones ``SimulatedCard``'s `Encodable` conformance produces.
  public static func json(_ cards: [SimulatedCard]) -> String {
    "[" + cards.map(\.jsonObject).joined(separator: ",") + "]"
  }
}

extension SimulatedCard {
  /// This card as one JSON object in cli.md's key order.
  fileprivate var jsonObject: String {
    let stepText = step.map(String.init) ?? "null"
    return
      #"{"state":"\#(state.name)","step":\#(stepText),"stability":\#(stability),"#
      + #""difficulty":\#(difficulty),"due":"\#(dueText)"}"#
  }
}
