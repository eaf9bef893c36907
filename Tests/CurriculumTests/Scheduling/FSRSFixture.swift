import Foundation
import Testing

/// `Fixtures/fsrs_histories.json`: review histories replayed by py-fsrs
/// (`Tools/reference/fsrs_histories.py`) with `Scheduler(enable_fuzzing=False)`.
struct FSRSFixture: Decodable {
  /// One card as py-fsrs left it after a review, in `srs simulate`'s JSON shape.
  struct ExpectedCard: Decodable, Sendable {
    let state: String
    let step: Int?
    let stability: Double
    let difficulty: Double
    let due: String
  }

  /// One card's review history and the card after each review.
  struct History: Decodable, Sendable, CustomTestStringConvertible {
    let name: String
    let events: [String]
    let cards: [ExpectedCard]

    var testDescription: String { "\(name) (\(events.count) reviews)" }
  }

  let fsrsVersion: String
  let parameters: [Double]
  let histories: [History]

  private enum CodingKeys: String, CodingKey {
    case fsrsVersion = "fsrs_version"
    case parameters, histories
  }

  /// The fixture, read once from the test bundle.
  static let shared: FSRSFixture = {
    guard
      let url = Bundle.module.url(
        forResource: "fsrs_histories",
        withExtension: "json",
        subdirectory: "Fixtures"
      )
    else { fatalError("Fixtures/fsrs_histories.json is missing from the test bundle") }
    return try! JSONDecoder().decode(FSRSFixture.self, from: Data(contentsOf: url))
  }()
}
