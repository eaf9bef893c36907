import Engine
import Foundation

/// How intervals and verdicts read in the terminal.
enum IntervalFormat {
  /// `0.9312 (95 % interval 0.9291–0.9333, 5 runs)`, or just the mean for one run.
  static func text(_ interval: ConfidenceInterval, digits: Int = 4, unit: String = "") -> String {
    let format = "%.\(digits)f"
    let mean = String(format: format, interval.mean) + unit
    guard interval.hasInterval else { return mean }
    return mean
      + " (95 % interval \(String(format: format, interval.low))–\(String(format: format, interval.high))\(unit), \(interval.runs) runs)"
  }

  /// A latency in milliseconds with as many decimals as its size needs.
  static func milliseconds(_ interval: ConfidenceInterval) -> String {
    let magnitude = abs(interval.mean)
    return text(interval, digits: magnitude < 0.1 ? 4 : magnitude < 1 ? 3 : 2, unit: " ms")
  }

  /// A verdict as one word or phrase for a JSON field: `better` or `worse` when the
  /// interval excludes zero, else "no measurable difference", or "one run" without one.
  static func word(_ verdict: Verdict, better: String, worse: String) -> String {
    switch verdict {
    case .better: better
    case .worse: worse
    case .noMeasurableDifference: "no measurable difference"
    case .notMeasured: "one run"
    }
  }

  /// The accuracy verdict on `after` against `before`, measured seed by seed, in points;
  /// the sentence starts in lower case.
  static func accuracyVerdict(
    before: [Double],
    after: [Double],
    metric: String,
    better: String = "more accurate",
    worse: String = "less accurate"
  ) -> (verdict: Verdict, sentence: String) {
    let difference = MeasuredDifference(
      before: before.map { $0 * 100 },
      after: after.map { $0 * 100 }
    )
    let verdict = difference.verdict(higherIsBetter: true)
    var sentence = verdict.sentence(
      quantity: metric,
      better: better,
      worse: worse,
      unit: " points",
      single: difference.differences.first
    )
    if case .notMeasured = verdict {
      sentence += " (--repeats 5 trains with 5 seeds and gives one)"
    }
    return (verdict, sentence)
  }

  /// The latency verdict from interleaved paired timing rounds, in milliseconds; the sentence
  /// starts in lower case.
  static func latencyVerdict(_ difference: MeasuredDifference) -> (
    verdict: Verdict, sentence: String
  ) {
    let verdict = difference.verdict(higherIsBetter: false)
    // Differences of microseconds read in µs, not as "-0.0000 ms".
    let largest =
      verdict.interval.map { max(abs($0.low), abs($0.high)) }
      ?? abs(difference.differences.first ?? 1)
    let factor = largest < 0.1 ? 1000.0 : 1
    let shown: Verdict =
      switch verdict {
      case .better(let interval): .better(interval.scaled(by: factor))
      case .worse(let interval): .worse(interval.scaled(by: factor))
      case .noMeasurableDifference(let interval):
        .noMeasurableDifference(interval.scaled(by: factor))
      case .notMeasured: .notMeasured
      }
    let sentence = shown.sentence(
      quantity: "batch-1 latency",
      better: "faster",
      worse: "slower",
      unit: factor == 1 ? " ms" : " µs",
      digits: factor == 1 ? 4 : 2,
      single: difference.differences.first.map { $0 * factor }
    )
    return (verdict, sentence)
  }
}
