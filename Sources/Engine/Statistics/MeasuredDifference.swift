/// The difference between two models measured in pairs: the same seed, or the same
/// interleaved timing round, gives one `after − before` pair.
///
/// Pairing removes what both runs share (a lucky split, a slow moment of the machine), so
/// the interval is that of the mean of the per-pair differences, not the difference of two
/// separate intervals.
public struct MeasuredDifference: Sendable, Equatable {
  /// The first model's measurements.
  public var before: [Double]
  /// The second model's measurements, pair by pair with `before`.
  public var after: [Double]

  /// Pairs `before[i]` with `after[i]`; extra values on either side are dropped.
  public init(before: [Double], after: [Double]) {
    let count = min(before.count, after.count)
    self.before = Array(before.prefix(count))
    self.after = Array(after.prefix(count))
  }

  /// Number of pairs.
  public var pairs: Int { before.count }

  /// The per-pair differences `after − before`.
  public var differences: [Double] { zip(after, before).map { $0 - $1 } }

  /// The 95 % interval of the mean difference `after − before`; nil without pairs.
  public var interval: ConfidenceInterval? { ConfidenceInterval(samples: differences) }

  /// The 95 % interval of the first model's mean; nil without pairs.
  public var beforeInterval: ConfidenceInterval? { ConfidenceInterval(samples: before) }

  /// The 95 % interval of the second model's mean; nil without pairs.
  public var afterInterval: ConfidenceInterval? { ConfidenceInterval(samples: after) }

  /// The verdict on `after` against `before`.
  public func verdict(higherIsBetter: Bool) -> Verdict {
    guard let interval else { return .notMeasured }
    return Verdict(difference: interval, higherIsBetter: higherIsBetter)
  }
}
