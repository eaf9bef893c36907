import Engine
import Foundation
import Testing

/// Verdicts from synthetic measurements: a direction only when the interval of the paired
/// difference excludes zero.
@Suite struct VerdictTests {
  /// Seeded synthetic latency samples around `mean` (ms) with Gaussian noise.
  static func samples(mean: Double, noise: Double, count: Int, seed: UInt64) -> [Double] {
    var generator = SeededGenerator(seed: seed)
    return (0..<count).map { _ in max(0, mean + noise * generator.nextNormal()) }
  }

  @Test func aClearlyFasterModelIsCalledFaster() {
    let before = Self.samples(mean: 0.005, noise: 0.0005, count: 200, seed: 1)
    let after = Self.samples(mean: 0.004, noise: 0.0005, count: 200, seed: 2)
    let verdict = MeasuredDifference(before: before, after: after).verdict(higherIsBetter: false)
    guard case .better(let interval) = verdict else {
      Issue.record("expected faster, got \(verdict)")
      return
    }
    #expect(interval.high < 0)
    #expect(
      verdict.sentence(
        quantity: "latency",
        better: "faster",
        worse: "slower",
        unit: " ms",
        digits: 4
      )
      .hasPrefix("faster: latency -0.00")
    )
  }

  @Test func noiseAloneGivesNoMeasurableDifference() {
    let before = Self.samples(mean: 0.005, noise: 0.002, count: 20, seed: 3)
    let after = Self.samples(mean: 0.005, noise: 0.002, count: 20, seed: 4)
    let verdict = MeasuredDifference(before: before, after: after).verdict(higherIsBetter: false)
    guard case .noMeasurableDifference(let interval) = verdict else {
      Issue.record("expected no verdict, got \(verdict)")
      return
    }
    #expect(interval.low < 0 && interval.high > 0)
    let sentence = verdict.sentence(
      quantity: "latency",
      better: "faster",
      worse: "slower",
      unit: " ms",
      digits: 4
    )
    #expect(sentence.hasPrefix("no measurable difference at this size: latency"))
    #expect(sentence.contains("95 % interval"))
  }

  @Test func aSmallAccuracyDropFromThreeSeedsIsNoVerdict() {
    // 0.3–0.5 points below with seed-to-seed noise of about a point: not a finding.
    let scratch = [91.2, 92.4, 90.9]
    let distilled = [90.9, 91.9, 91.2]
    let verdict = MeasuredDifference(before: scratch, after: distilled).verdict(
      higherIsBetter: true
    )
    #expect({ if case .noMeasurableDifference = verdict { true } else { false } }())
  }

  @Test func aConsistentAccuracyGainIsMoreAccurate() {
    let scratch = [91.2, 92.4, 90.9, 91.5, 91.8]
    let distilled = [92.2, 93.5, 91.8, 92.6, 92.7]
    let verdict = MeasuredDifference(before: scratch, after: distilled).verdict(
      higherIsBetter: true
    )
    #expect({ if case .better = verdict { true } else { false } }())
    #expect(
      verdict.sentence(
        quantity: "accuracy",
        better: "more accurate",
        worse: "less accurate",
        unit: " points"
      )
      .hasPrefix("more accurate: accuracy +")
    )
  }

  @Test func aConsistentLossIsWorse() {
    let verdict = Verdict(
      difference: ConfidenceInterval(mean: 1, low: 0.5, high: 1.5, runs: 4),
      higherIsBetter: false
    )
    #expect(verdict == .worse(ConfidenceInterval(mean: 1, low: 0.5, high: 1.5, runs: 4)))
  }

  @Test func oneRunGivesNoVerdict() {
    let verdict = MeasuredDifference(before: [91.0], after: [90.6]).verdict(higherIsBetter: true)
    #expect(verdict == .notMeasured)
    let sentence = verdict.sentence(
      quantity: "accuracy",
      better: "more accurate",
      worse: "less accurate",
      unit: " points",
      single: -0.4
    )
    #expect(sentence == "accuracy -0.40 points from one run: no interval, so no verdict")
  }

  @Test func pairingRemovesSharedDrift() throws {
    // Both models slow down together over the rounds; B is always 0.1 ms faster.
    let drift = (0..<50).map { 1.0 + Double($0) * 0.05 }
    let a = drift
    let b = drift.map { $0 - 0.1 }
    let paired = MeasuredDifference(before: a, after: b)
    guard case .better(let interval) = paired.verdict(higherIsBetter: false) else {
      Issue.record("pairing should see the constant 0.1 ms gain")
      return
    }
    #expect(abs(interval.mean + 0.1) < 1e-12)
    // Unpaired, the drift swamps it: the two means' intervals overlap.
    let before = try #require(paired.beforeInterval)
    let after = try #require(paired.afterInterval)
    #expect(after.high > before.low)
  }

  @Test func interleavedTimingAlternatesOrderAndPairsEveryRound() {
    var order: [Character] = []
    let timing = InterleavedTiming(warmUp: 1, rounds: 4)
    let result = timing.measure({ order.append("A") }, { order.append("B") })
    #expect(result.first.count == 4 && result.second.count == 4)
    #expect(String(order) == "AB" + "ABBAABBA")
  }
}
