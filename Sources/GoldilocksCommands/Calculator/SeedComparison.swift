import Engine
import Foundation
import Lab

/// Two models measured seed by seed (the same seed trains both): intervals of each model's
/// figures, the paired differences, and the verdicts they support.
struct SeedComparison {
  let before: [MeasuredModel]
  let after: [MeasuredModel]
  let seeds: [UInt64]
  /// Whether accuracy is R² (may be negative).
  let regression: Bool
  /// Batch-1 latency of the first seed's two models timed in interleaved rounds; when
  /// present it, not the seed-by-seed p50, carries the latency verdict.
  var interleavedLatency: MeasuredDifference? = nil

  /// The accuracy verdict, paired by seed, in points.
  var accuracy: (verdict: Verdict, sentence: String) {
    IntervalFormat.accuracyVerdict(
      before: before.map(\.accuracy),
      after: after.map(\.accuracy),
      metric: regression ? "R²" : "accuracy"
    )
  }

  /// The latency difference in milliseconds: from interleaved rounds when timed so,
  /// otherwise the p50s paired by seed (each model timed on its own).
  var latency: MeasuredDifference {
    interleavedLatency
      ?? MeasuredDifference(
        before: before.map(\.latencyMs.p50),
        after: after.map(\.latencyMs.p50)
      )
  }

  /// Verdict sentences for a learner, such as "after against before: no measurable …".
  func sentences(before first: String, after second: String) -> [String] {
    var lines = ["\(second.capitalized) against \(first): " + accuracy.sentence + "."]
    lines.append(
      "\(second.capitalized) against \(first), "
        + (interleavedLatency == nil
          ? "p50 latency seed by seed: " : "timed in alternating rounds: ")
        + IntervalFormat.latencyVerdict(latency).sentence + "."
    )
    if let over = overSeeds(before: first, after: second) { lines.append(over) }
    return lines
  }

  /// "Over 5 seeds: fp32 0.93 (95 % interval …), int8 …", or `nil` for one seed.
  func overSeeds(before first: String, after second: String) -> String? {
    guard seeds.count > 1, let b = RepeatedMeasuredModel(before, regression: regression),
      let a = RepeatedMeasuredModel(after, regression: regression)
    else { return nil }
    return
      "Over \(seeds.count) seeds: \(first) \(IntervalFormat.text(b.accuracy)), \(second) \(IntervalFormat.text(a.accuracy)) (the table shows seed \(seeds[0]))."
  }

  /// The `--json` document with `--repeats`: `extra`'s fields (which must not hold
  /// `before` or `after`), then `before` and `after` as intervals, the seeds, the paired
  /// differences and the verdict words.
  func report<Extra: Encodable>(extra: Extra) -> Report<Extra>? {
    guard let b = RepeatedMeasuredModel(before, regression: regression),
      let a = RepeatedMeasuredModel(after, regression: regression)
    else { return nil }
    let accuracy = accuracy.verdict
    let latency = latency.verdict(higherIsBetter: false)
    return Report(
      extra: extra,
      before: b,
      after: a,
      seeds: seeds,
      accuracyDifferencePoints: accuracy.interval,
      latencyChangeMs: latency.interval,
      accuracyVerdict: IntervalFormat.word(
        accuracy,
        better: "more accurate",
        worse: "less accurate"
      ),
      latencyVerdict: IntervalFormat.word(latency, better: "faster", worse: "slower")
    )
  }

  /// `extra` with `before`/`after` replaced by their intervals and the verdicts added.
  struct Report<Extra: Encodable>: Encodable {
    let extra: Extra
    let before: RepeatedMeasuredModel
    let after: RepeatedMeasuredModel
    let seeds: [UInt64]
    let accuracyDifferencePoints: ConfidenceInterval?
    let latencyChangeMs: ConfidenceInterval?
    let accuracyVerdict: String
    let latencyVerdict: String

    enum Keys: String, CodingKey {
      case before, after, seeds
      case accuracyDifferencePoints = "accuracy_difference_points"
      case latencyChangeMs = "latency_change_ms"
      case accuracyVerdict = "accuracy_verdict"
      case latencyVerdict = "latency_verdict"
    }

    func encode(to encoder: any Encoder) throws {
      try extra.encode(to: encoder)
      var container = encoder.container(keyedBy: Keys.self)
      try container.encode(before, forKey: .before)
      try container.encode(after, forKey: .after)
      try container.encode(seeds, forKey: .seeds)
      try container.encodeIfPresent(accuracyDifferencePoints, forKey: .accuracyDifferencePoints)
      try container.encodeIfPresent(latencyChangeMs, forKey: .latencyChangeMs)
      try container.encode(accuracyVerdict, forKey: .accuracyVerdict)
      try container.encode(latencyVerdict, forKey: .latencyVerdict)
    }
  }
}

extension SeedComparison {
  /// One seed's two models: trained with `seed`, before and after the change.
  struct Run {
    let seed: UInt64
    let before: MeasuredModel
    let after: MeasuredModel
  }

  /// The comparison of `runs` (the first seed's pair first), its latency from `interleaved`
  /// rounds when they were timed.
  init(runs: [Run], regression: Bool, interleaved: MeasuredDifference?) {
    self.init(
      before: runs.map(\.before),
      after: runs.map(\.after),
      seeds: runs.map(\.seed),
      regression: regression,
      interleavedLatency: interleaved
    )
  }
}
