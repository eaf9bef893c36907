/// py-fsrs's interval fuzz: review intervals of 3 days or more move by a few percent at
/// random, so that cards learned together do not keep coming due together.
extension ReviewScheduler {
  /// One band of py-fsrs's `FUZZ_RANGES`: intervals between `start` and `end` days add
  /// `factor` days of spread per day.
  struct FuzzBand {
    let start: Double
    let end: Double
    let factor: Double
  }

  /// py-fsrs's `FUZZ_RANGES`.
  static let fuzzBands: [FuzzBand] = [
    FuzzBand(start: 2.5, end: 7.0, factor: 0.15),
    FuzzBand(start: 7.0, end: 20.0, factor: 0.1),
    FuzzBand(start: 20.0, end: .infinity, factor: 0.05),
  ]

  /// py-fsrs's `_get_fuzz_range`: the bounds `min_ivl...max_ivl` for an interval of `days`.
  ///
  /// The spread is `1 + Σ factor · max(min(days, end) − start, 0)` days either side,
  /// rounded half to even, at least 2 days, at most the maximum interval. Intervals under
  /// 2.5 days are never fuzzed (see ``fuzzedInterval(days:unitRandom:)``).
  public func fuzzRange(days: Int) -> ClosedRange<Int> {
    var delta = 1.0
    for band in Self.fuzzBands {
      delta += band.factor * max(min(Double(days), band.end) - band.start, 0.0)
    }
    var lower = Int((Double(days) - delta).rounded(.toNearestOrEven))
    var upper = Int((Double(days) + delta).rounded(.toNearestOrEven))
    lower = max(2, lower)
    upper = min(upper, maximumInterval)
    lower = min(lower, upper)
    return lower...upper
  }

  /// py-fsrs's `_get_fuzzed_interval` for a uniform random `unitRandom` in [0, 1).
  ///
  /// As in py-fsrs, the result is `round(u · (max − min + 1) + min)` (half to even), capped
  /// at the maximum interval, so it can exceed ``fuzzRange(days:)``'s upper bound by one day
  /// when `u` is close to 1; intervals under 2.5 days are returned unchanged.
  public func fuzzedInterval(days: Int, unitRandom: Double) -> Int {
    guard Double(days) >= 2.5 else { return days }
    let range = fuzzRange(days: days)
    let span = Double(range.upperBound - range.lowerBound + 1)
    let fuzzed = (unitRandom * span + Double(range.lowerBound)).rounded(.toNearestOrEven)
    return min(Int(fuzzed), maximumInterval)
  }

  /// Fuzzes `days`, drawing one number from `generator` only when the interval is fuzzed.
  public func fuzzedInterval(days: Int, using generator: inout some RandomNumberGenerator) -> Int {
    guard Double(days) >= 2.5 else { return days }
    return fuzzedInterval(days: days, unitRandom: Self.unitRandom(using: &generator))
  }

  /// A uniform double in [0, 1) from the top 53 bits of one `next()`: `(next() >> 11) / 2^53`.
  ///
  /// Spelled out rather than left to `Double.random(in:using:)`, whose bit use is not
  /// documented, so that a generator returning `UInt64(u * 0x1p53) << 11` yields exactly `u`.
  public static func unitRandom(using generator: inout some RandomNumberGenerator) -> Double {
    Double(generator.next() >> 11) * 0x1p-53
  }
}
