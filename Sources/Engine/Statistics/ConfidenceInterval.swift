/// The mean of repeated measurements with its 95 % confidence interval (Student's t).
///
/// With `runs` measurements x₁…xₙ the interval is mean ± t(0.975, n−1) · s/√n, where s is
/// the sample standard deviation. One run has no interval: `low` and `high` equal the
/// mean and `hasInterval` is false, so no verdict may be drawn from it. Encodes as
/// cli.md's `{"mean", "low", "high", "runs"}`.
public struct ConfidenceInterval: Codable, Sendable, Equatable {
  public var mean: Double
  public var low: Double
  public var high: Double
  /// Number of measurements behind the mean.
  public var runs: Int

  public init(mean: Double, low: Double, high: Double, runs: Int) {
    self.mean = mean
    self.low = low
    self.high = high
    self.runs = runs
  }

  /// The 95 % interval for the mean of `samples`; nil when there are none.
  public init?(samples: [Double]) {
    guard !samples.isEmpty else { return nil }
    let n = Double(samples.count)
    let mean = samples.reduce(0, +) / n
    guard samples.count > 1 else {
      self.init(mean: mean, low: mean, high: mean, runs: 1)
      return
    }
    let variance = samples.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
    let half =
      StudentT.critical95(degreesOfFreedom: samples.count - 1) * (variance / n).squareRoot()
    self.init(mean: mean, low: mean - half, high: mean + half, runs: samples.count)
  }

  /// Whether there is an interval at all (two runs or more).
  public var hasInterval: Bool { runs >= 2 }

  /// Whether the interval lies wholly above or wholly below zero.
  public var excludesZero: Bool { hasInterval && (low > 0 || high < 0) }

  /// Half the interval's width.
  public var halfWidth: Double { (high - low) / 2 }

  /// The interval cut to the values the quantity can take (a recall in [0, 1], a latency
  /// ≥ 0): Student's t is symmetric and can reach past a bound the data cannot.
  public func clamped(to bounds: ClosedRange<Double>) -> ConfidenceInterval {
    func clamp(_ value: Double) -> Double { min(max(value, bounds.lowerBound), bounds.upperBound) }
    return ConfidenceInterval(mean: mean, low: clamp(low), high: clamp(high), runs: runs)
  }

  /// The same interval with every figure multiplied by `factor` (units, points, percent).
  public func scaled(by factor: Double) -> ConfidenceInterval {
    let a = low * factor
    let b = high * factor
    return ConfidenceInterval(mean: mean * factor, low: min(a, b), high: max(a, b), runs: runs)
  }
}
