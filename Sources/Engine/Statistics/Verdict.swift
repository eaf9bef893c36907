import Foundation

/// What a measured difference supports: a direction only when its 95 % interval excludes
/// zero.
public enum Verdict: Sendable, Equatable {
  /// The interval of the difference lies wholly on the better side.
  case better(ConfidenceInterval)
  /// The interval of the difference lies wholly on the worse side.
  case worse(ConfidenceInterval)
  /// The interval contains zero: the data cannot tell the two apart.
  case noMeasurableDifference(ConfidenceInterval)
  /// One run or none: there is no interval, so there is no verdict.
  case notMeasured

  /// The verdict on a difference `after − before`; `higherIsBetter` says which sign is good.
  public init(difference: ConfidenceInterval, higherIsBetter: Bool) {
    guard difference.hasInterval else {
      self = .notMeasured
      return
    }
    if difference.low > 0 {
      self = higherIsBetter ? .better(difference) : .worse(difference)
    } else if difference.high < 0 {
      self = higherIsBetter ? .worse(difference) : .better(difference)
    } else {
      self = .noMeasurableDifference(difference)
    }
  }

  /// The interval behind the verdict, if any.
  public var interval: ConfidenceInterval? {
    switch self {
    case .better(let interval), .worse(let interval), .noMeasurableDifference(let interval):
      interval
    case .notMeasured: nil
    }
  }

  /// One sentence for a learner, such as "faster: p50 latency −0.0012 ms (95 % interval
  /// −0.0015 to −0.0009 ms, 200 paired runs)" or "no measurable difference at this size in
  /// accuracy: +0.30 points (95 % interval −0.40 to +1.00 points, 3 paired runs)".
  ///
  /// - Parameters:
  ///   - quantity: what was measured, such as "p50 latency".
  ///   - better: the word for the better direction ("faster", "more accurate", "smaller").
  ///   - worse: the word for the worse direction ("slower", "less accurate", "larger").
  ///   - unit: appended to each figure, such as " ms" or " points".
  ///   - digits: decimals shown.
  ///   - single: the difference from a single run, shown when there is no interval.
  public func sentence(
    quantity: String,
    better: String,
    worse: String,
    unit: String,
    digits: Int = 2,
    single: Double? = nil
  ) -> String {
    let format = "%+.\(digits)f"
    func number(_ value: Double) -> String {
      String(format: format, value == 0 ? 0 : value) + unit
    }
    func detail(_ interval: ConfidenceInterval) -> String {
      "\(quantity) \(number(interval.mean)) (95 % interval \(number(interval.low)) to \(number(interval.high)), \(interval.runs) paired runs)"
    }
    switch self {
    case .better(let interval): return "\(better): \(detail(interval))"
    case .worse(let interval): return "\(worse): \(detail(interval))"
    case .noMeasurableDifference(let interval):
      return "no measurable difference at this size: \(detail(interval))"
    case .notMeasured:
      let shown = single.map { " \(number($0))" } ?? ""
      return "\(quantity)\(shown) from one run: no interval, so no verdict"
    }
  }
}
