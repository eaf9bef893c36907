import Curriculum
import Foundation
import Testing

/// SplitMix64: a small seeded generator, so fuzzed schedules repeat run after run.
private struct SplitMix64: RandomNumberGenerator {
  var state: UInt64

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// A generator that makes ``ReviewScheduler/unitRandom(using:)`` return `unit` every time.
private struct FixedUnitGenerator: RandomNumberGenerator {
  let unit: Double

  mutating func next() -> UInt64 {
    UInt64(unit * 0x1p53) << 11
  }
}

@Suite("FSRS fuzz against py-fsrs")
struct ReviewSchedulerFuzzTests {
  /// `(days, unit random, fuzzed days)` from py-fsrs 6.3.2's `_get_fuzzed_interval`, with
  /// `random()` fixed to the unit value (Tools/reference/make_fsrs_fuzz_cases.py).
  static let pyFSRSCases: [(Int, Double, Int)] = [
    (1, 0.0, 1), (1, 0.1, 1), (1, 0.25, 1), (1, 0.5, 1),
    (1, 0.73, 1), (1, 0.9, 1), (1, 0.999999, 1), (2, 0.0, 2),
    (2, 0.1, 2), (2, 0.25, 2), (2, 0.5, 2), (2, 0.73, 2),
    (2, 0.9, 2), (2, 0.999999, 2), (3, 0.0, 2), (3, 0.1, 2),
    (3, 0.25, 3), (3, 0.5, 4), (3, 0.73, 4), (3, 0.9, 5),
    (3, 0.999999, 5), (4, 0.0, 3), (4, 0.1, 3), (4, 0.25, 4),
    (4, 0.5, 4), (4, 0.73, 5), (4, 0.9, 6), (4, 0.999999, 6),
    (5, 0.0, 4), (5, 0.1, 4), (5, 0.25, 5), (5, 0.5, 6),
    (5, 0.73, 6), (5, 0.9, 7), (5, 0.999999, 7), (7, 0.0, 5),
    (7, 0.1, 6), (7, 0.25, 6), (7, 0.5, 8), (7, 0.73, 9),
    (7, 0.9, 10), (7, 0.999999, 10), (8, 0.0, 6), (8, 0.1, 6),
    (8, 0.25, 7), (8, 0.5, 8), (8, 0.73, 10), (8, 0.9, 10),
    (8, 0.999999, 11), (12, 0.0, 10), (12, 0.1, 10), (12, 0.25, 11),
    (12, 0.5, 12), (12, 0.73, 14), (12, 0.9, 14), (12, 0.999999, 15),
    (20, 0.0, 17), (20, 0.1, 18), (20, 0.25, 19), (20, 0.5, 20),
    (20, 0.73, 22), (20, 0.9, 23), (20, 0.999999, 24), (21, 0.0, 18),
    (21, 0.1, 19), (21, 0.25, 20), (21, 0.5, 22), (21, 0.73, 23),
    (21, 0.9, 24), (21, 0.999999, 25), (33, 0.0, 29), (33, 0.1, 30),
    (33, 0.25, 31), (33, 0.5, 34), (33, 0.73, 36), (33, 0.9, 37),
    (33, 0.999999, 38), (50, 0.0, 46), (50, 0.1, 47), (50, 0.25, 48),
    (50, 0.5, 50), (50, 0.73, 53), (50, 0.9, 54), (50, 0.999999, 55),
    (100, 0.0, 93), (100, 0.1, 94), (100, 0.25, 97), (100, 0.5, 100),
    (100, 0.73, 104), (100, 0.9, 106), (100, 0.999999, 108), (365, 0.0, 345),
    (365, 0.1, 349), (365, 0.25, 355), (365, 0.5, 366), (365, 0.73, 375),
    (365, 0.9, 382), (365, 0.999999, 386), (1000, 0.0, 948), (1000, 0.1, 958),
    (1000, 0.25, 974), (1000, 0.5, 1000), (1000, 0.73, 1025), (1000, 0.9, 1042),
    (1000, 0.999999, 1053), (36499, 0.0, 34672), (36499, 0.1, 34855), (36499, 0.25, 35129),
    (36499, 0.5, 35586), (36499, 0.73, 36007), (36499, 0.9, 36318), (36499, 0.999999, 36500),
    (36500, 0.0, 34673), (36500, 0.1, 34856), (36500, 0.25, 35130), (36500, 0.5, 35587),
    (36500, 0.73, 36007), (36500, 0.9, 36318), (36500, 0.999999, 36500),
  ]

  @Test("A fuzzed interval equals py-fsrs's for the same random value", arguments: pyFSRSCases)
  func matchesPyFSRS(days: Int, unit: Double, expected: Int) {
    #expect(ReviewScheduler.standard.fuzzedInterval(days: days, unitRandom: unit) == expected)
  }

  @Test("Fuzzed intervals stay in py-fsrs's range (its upper bound plus its rounding quirk)")
  func staysInRange() {
    let scheduler = ReviewScheduler.standard
    var generator = SplitMix64(state: 42)
    for days in 1...400 {
      let range = scheduler.fuzzRange(days: days)
      for _ in 0..<50 {
        let fuzzed = scheduler.fuzzedInterval(days: days, using: &generator)
        if days < 3 {
          #expect(fuzzed == days)
        } else {
          #expect(fuzzed >= range.lowerBound && fuzzed <= range.upperBound + 1, "\(days) days")
          #expect(abs(fuzzed - days) <= days / 10 + 3, "\(days) days")
        }
      }
    }
    #expect(scheduler.fuzzRange(days: 3) == 2...4)
    #expect(scheduler.fuzzRange(days: 100) == 93...107)
    #expect(scheduler.fuzzRange(days: 36_500) == 34_673...36_500)
  }

  @Test("A seeded generator gives the same fuzzed schedule every time")
  func deterministic() {
    func schedule(seed: UInt64) -> [Date] {
      var generator = SplitMix64(state: seed)
      let scheduler = ReviewScheduler.standard
      var date = Date(timeIntervalSince1970: 1_767_258_000)
      var card = scheduler.newCard(dueAt: date)
      var dues: [Date] = []
      for rating in [Rating.good, .good, .good, .easy, .good, .again, .good, .good, .hard] {
        card = scheduler.review(card, rating: rating, at: date, using: &generator).card
        dues.append(card.due)
        date = card.due
      }
      return dues
    }
    #expect(schedule(seed: 7) == schedule(seed: 7))
    #expect((1...20).contains { schedule(seed: $0) != schedule(seed: 0) })
  }

  @Test("A fuzzed review history equals py-fsrs's with random() fixed at 0.73")
  func fuzzedHistory() {
    var generator = FixedUnitGenerator(unit: 0.73)
    #expect(ReviewScheduler.unitRandom(using: &generator) == 0.73)
    let scheduler = ReviewScheduler.standard
    var date = Date(timeIntervalSince1970: 1_767_258_000)
    var card = scheduler.newCard(dueAt: date)
    var dues: [String] = []
    for rating in [Rating.good, .good, .good, .easy, .good, .again, .good, .good] {
      card = scheduler.review(card, rating: rating, at: date, using: &generator).card
      dues.append(SimulatedCard(card).dueText)
      date = card.due
    }
    #expect(
      dues == [
        "2026-01-01T09:10:00Z", "2026-01-03T09:10:00Z", "2026-01-16T09:10:00Z",
        "2026-04-14T09:10:00Z", "2027-02-26T09:10:00Z", "2027-02-26T09:20:00Z",
        "2027-03-06T09:20:00Z", "2027-03-26T09:20:00Z",
      ]
    )
  }

  @Test("With fuzz off the generator is never used")
  func fuzzOff() {
    struct TrappingGenerator: RandomNumberGenerator {
      mutating func next() -> UInt64 {
        Issue.record("fuzz drew a random number with fuzz off")
        return 0
      }
    }
    var generator = TrappingGenerator()
    let date = Date(timeIntervalSince1970: 1_767_258_000)
    let card = ReviewScheduler.unfuzzed.review(.new(dueAt: date), rating: .easy, at: date)
    let again = ReviewScheduler.unfuzzed.review(
      .new(dueAt: date),
      rating: .easy,
      at: date,
      using: &generator
    )
    #expect(card.card == again.card)
  }
}
