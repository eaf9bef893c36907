import Foundation

/// Order statistics of repeated timings, in the unit they were given.
struct Statistics: Encodable {
  var count: Int
  var best: Double
  var median: Double
  var p95: Double
  var p99: Double
  var mean: Double

  init(_ values: [Double]) {
    let sorted = values.sorted()
    count = sorted.count
    best = sorted.first ?? 0
    median = Self.percentile(sorted, 50)
    p95 = Self.percentile(sorted, 95)
    p99 = Self.percentile(sorted, 99)
    mean = sorted.isEmpty ? 0 : sorted.reduce(0, +) / Double(sorted.count)
  }

  /// Nearest-rank percentile of sorted values (the convention of `LatencyReport`).
  static func percentile(_ sorted: [Double], _ p: Double) -> Double {
    guard !sorted.isEmpty else { return 0 }
    let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
    return sorted[min(max(rank, 1), sorted.count) - 1]
  }
}

/// Wall-clock helpers on `ContinuousClock`.
enum Stopwatch {
  /// Seconds taken by `body`.
  static func seconds(_ body: () throws -> Void) rethrows -> Double {
    let clock = ContinuousClock()
    let start = clock.now
    try body()
    return seconds(start.duration(to: clock.now))
  }

  /// A duration in seconds.
  static func seconds(_ duration: Duration) -> Double {
    let parts = duration.components
    return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
  }
}
