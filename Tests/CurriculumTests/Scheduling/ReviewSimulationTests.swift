import Curriculum
import Foundation
import Testing

@Suite("srs simulate: events in, cli.md JSON out")
struct ReviewSimulationTests {
  @Test("One history encodes to exactly the JSON of cli.md")
  func json() throws {
    let cards = try ReviewSimulation().run([
      "2026-01-01T09:00:00Z@good", "2026-01-01T09:10:00Z@good", "2026-01-04T09:10:00Z@good",
    ])
    let expected =
      #"[{"state":"learning","step":1,"stability":2.3065,"difficulty":2.118103970459016,"#
      + #""due":"2026-01-01T09:10:00Z"},"#
      + #"{"state":"review","step":null,"stability":2.3065,"difficulty":2.111214235785395,"#
      + #""due":"2026-01-03T09:10:00Z"},"#
      + #"{"state":"review","step":null,"stability":13.835840133660218,"#
      + #""difficulty":2.1043313908464483,"due":"2026-01-18T09:10:00Z"}]"#
    let json = ReviewSimulation.json(cards)
    #expect(json == expected)
    let decoded = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]]
    let encoded = try JSONSerialization.jsonObject(with: JSONEncoder().encode(cards))
    #expect(decoded?.count == 3)
    #expect((encoded as? NSArray) == (decoded as NSArray?))
  }

  @Test(
    "Bad events are typed errors that say what to write",
    arguments: [
      (
        ["2026-01-01T09:00:00Z@good", "2026-13-01@good"],
        ReviewEventError.badTimestamp(position: 2, event: "2026-13-01@good"),
        "event 2 '2026-13-01@good': the time is not an ISO 8601 UTC timestamp such as "
          + "2026-01-01T09:00:00Z"
      ),
      (
        ["2026-02-30T09:00:00Z@good"],
        .badTimestamp(position: 1, event: "2026-02-30T09:00:00Z@good"),
        "event 1 '2026-02-30T09:00:00Z@good': the time is not an ISO 8601 UTC timestamp such as "
          + "2026-01-01T09:00:00Z"
      ),
      (
        ["2026-01-01T09:00:00+02:00@good"],
        .badTimestamp(position: 1, event: "2026-01-01T09:00:00+02:00@good"),
        "event 1 '2026-01-01T09:00:00+02:00@good': the time is not an ISO 8601 UTC timestamp "
          + "such as 2026-01-01T09:00:00Z"
      ),
      (
        ["2026-01-01T09:00:00Z@gud"],
        .unknownRating(position: 1, event: "2026-01-01T09:00:00Z@gud", rating: "gud"),
        "event 1 '2026-01-01T09:00:00Z@gud': 'gud' is not a rating; use again, hard, good or easy"
      ),
      (
        ["2026-01-01T09:00:00Z good"],
        .missingSeparator(position: 1, event: "2026-01-01T09:00:00Z good"),
        "event 1 '2026-01-01T09:00:00Z good': an event is TIMESTAMP@RATING, such as "
          + "2026-01-01T09:00:00Z@good"
      ),
      (
        ["2026-01-02T09:00:00Z@good", "2026-01-01T09:00:00Z@good"],
        .outOfOrder(
          position: 2,
          event: "2026-01-01T09:00:00Z@good",
          previousTimestamp: "2026-01-02T09:00:00Z"
        ),
        "event 2 '2026-01-01T09:00:00Z@good': it is earlier than event 1 (2026-01-02T09:00:00Z); "
          + "list the events in time order"
      ),
      (
        [],
        .noEvents,
        "no review events were given; pass one or more events TIMESTAMP@RATING, such as "
          + "2026-01-01T09:00:00Z@good"
      ),
    ] as [([String], ReviewEventError, String)]
  )
  func badEvents(events: [String], error: ReviewEventError, message: String) {
    #expect(throws: error) { try ReviewSimulation().run(events) }
    #expect(error.description == message)
  }

  @Test(
    "Accepted timestamp spellings",
    arguments: [
      "2026-01-01T09:00:00Z", "2026-01-01T09:00:00+00:00", "2026-01-01T09:00:00.000Z",
    ]
  )
  func timestamps(_ timestamp: String) throws {
    let event = try ReviewEvent(parsing: "\(timestamp)@Good")
    #expect(event.date == Date(timeIntervalSince1970: 1_767_258_000))
    #expect(event.rating == .good)
    #expect(event.text == "2026-01-01T09:00:00Z@good")
  }

  @Test("Dates far from 1970 round-trip, leap days included")
  func calendar() throws {
    for text in ["1969-12-31T23:59:59Z", "2000-02-29T12:00:00Z", "2124-12-31T00:00:01Z"] {
      #expect(try ReviewEvent(parsing: "\(text)@easy").text == "\(text)@easy")
    }
  }
}
