import Curriculum
import Foundation
import Testing

@Suite("FSRS-6 scheduler against py-fsrs")
struct ReviewSchedulerFixtureTests {
  @Test("The fixture was made with the parameters the scheduler uses")
  func fixtureParameters() {
    let fixture = FSRSFixture.shared
    #expect(fixture.parameters == FSRSParameters.fsrs6Default.weights)
    #expect(fixture.fsrsVersion.hasPrefix("6."))
    #expect(fixture.histories.count >= 25)
  }

  @Test("Each replayed history matches py-fsrs", arguments: FSRSFixture.shared.histories)
  func history(_ history: FSRSFixture.History) throws {
    let cards = try ReviewSimulation().run(history.events)
    try #require(cards.count == history.cards.count)
    for (index, (card, expected)) in zip(cards, history.cards).enumerated() {
      let review = "review \(index + 1) '\(history.events[index])'"
      #expect(card.state.name == expected.state, "\(review): state")
      #expect(card.step == expected.step, "\(review): step")
      #expect(abs(card.stability - expected.stability) <= 1e-9, "\(review): stability")
      #expect(abs(card.difficulty - expected.difficulty) <= 1e-9, "\(review): difficulty")
      #expect(card.dueText == expected.due, "\(review): due")
    }
  }

  @Test("Stability and difficulty are bit-identical to py-fsrs over the whole fixture")
  func bitIdentical() throws {
    var mismatches: [String] = []
    for history in FSRSFixture.shared.histories {
      let cards = try ReviewSimulation().run(history.events)
      for (index, (card, expected)) in zip(cards, history.cards).enumerated()
      where card.stability != expected.stability || card.difficulty != expected.difficulty {
        mismatches.append("\(history.name) #\(index + 1)")
      }
    }
    #expect(mismatches.isEmpty)
  }

  @Test("Good on time every time follows the published py-fsrs trajectory")
  func goodEveryTime() {
    let scheduler = ReviewScheduler.unfuzzed
    var date = Date(timeIntervalSince1970: 1_767_258_000)  // 2026-01-01T09:00:00Z
    var card = scheduler.newCard(dueAt: date)
    var intervals: [TimeInterval] = []
    for _ in 0..<8 {
      card = scheduler.review(card, rating: .good, at: date).card
      intervals.append(card.due.timeIntervalSince(date))
      date = card.due
    }
    let day = 86_400.0
    #expect(
      intervals == [600, 2 * day, 11 * day, 46 * day, 163 * day, 498 * day, 1348 * day, 3299 * day]
    )
  }

  @Test(
    "The first review of a new card sets py-fsrs's initial state",
    arguments: [
      (Rating.again, CardState.learning, 0, 60.0, 0.212),
      (.hard, .learning, 0, 330, 1.2931),
      (.good, .learning, 1, 600, 2.3065),
      (.easy, .review, nil, 8 * 86_400, 8.2956),
    ] as [(Rating, CardState, Int?, TimeInterval, Double)]
  )
  func firstReview(
    rating: Rating,
    state: CardState,
    step: Int?,
    interval: TimeInterval,
    stability: Double
  ) {
    let now = Date(timeIntervalSince1970: 1_767_258_000)
    let card = ReviewScheduler.unfuzzed.review(.new(dueAt: now), rating: rating, at: now).card
    #expect(card.state == state)
    #expect(card.step == step)
    #expect(card.due.timeIntervalSince(now) == interval)
    #expect(card.stability == stability)
    #expect(card.lastReview == now)
  }

  @Test("Retrievability is 0.9 after one stability's worth of whole days, 0 for a new card")
  func retrievability() {
    let scheduler = ReviewScheduler.unfuzzed
    let start = Date(timeIntervalSince1970: 1_767_258_000)
    let card = scheduler.review(.new(dueAt: start), rating: .easy, at: start).card
    #expect(abs(scheduler.retrievability(of: card, at: card.due) - 0.9) < 0.01)
    #expect(scheduler.retrievability(of: card, at: start.addingTimeInterval(86_399)) == 1)
    #expect(scheduler.retrievability(of: .new(dueAt: start), at: start) == 0)
  }

  @Test("Settings py-fsrs rejects are typed errors")
  func invalidSettings() {
    #expect(throws: ReviewSchedulerError.wrongParameterCount(19)) {
      try FSRSParameters(weights: Array(repeating: 1, count: 19))
    }
    var weights = FSRSParameters.fsrs6Default.weights
    weights[20] = 0.9
    #expect(
      throws: ReviewSchedulerError.parameterOutOfBounds(
        index: 20,
        value: 0.9,
        lower: 0.1,
        upper: 0.8
      )
    ) {
      try FSRSParameters(weights: weights)
    }
    #expect(throws: ReviewSchedulerError.desiredRetentionOutOfRange(1.2)) {
      try ReviewScheduler(desiredRetention: 1.2)
    }
    #expect(
      ReviewSchedulerError.desiredRetentionOutOfRange(1.2).description
        == "desired retention 1.2 is not a probability; choose a value between 0 and 1 such as 0.9"
    )
  }
}
