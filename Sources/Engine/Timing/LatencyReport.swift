/// Summary statistics of timed runs.
///
/// Percentiles use linear interpolation between closest ranks, numpy's default
/// (`method="linear"`): for sorted samples `x₀ … x_{n−1}` and percentile `p`, with
/// `h = (n − 1)·p/100`, `P = x_⌊h⌋ + (h − ⌊h⌋)·(x_⌊h⌋₊₁ − x_⌊h⌋)`.
public struct LatencyReport: Sendable, Equatable {
  /// Every timed run, in run order.
  public var samples: [Duration]
  /// Examples processed per run (used for throughput).
  public var batchSize: Int

  public init(samples: [Duration], batchSize: Int) {
    self.samples = samples
    self.batchSize = batchSize
  }

  /// The `p`-th percentile (0…100) by linear interpolation.
  public func percentile(_ p: Double) -> Duration {
    let sorted = samples.map(LatencyReport.seconds).sorted()
    guard !sorted.isEmpty else { return .zero }
    let h = Double(sorted.count - 1) * min(max(p, 0), 100) / 100
    let low = Int(h.rounded(.down))
    let high = min(low + 1, sorted.count - 1)
    return .seconds(sorted[low] + (h - Double(low)) * (sorted[high] - sorted[low]))
  }

  public var p50: Duration { percentile(50) }
  public var p95: Duration { percentile(95) }
  public var p99: Duration { percentile(99) }
  public var minimum: Duration { samples.min() ?? .zero }
  public var maximum: Duration { samples.max() ?? .zero }
  public var mean: Duration {
    samples.isEmpty
      ? .zero
      : .seconds(samples.map(LatencyReport.seconds).reduce(0, +) / Double(samples.count))
  }

  /// Examples per second at the mean latency: `batchSize / mean`.
  public var throughputPerSecond: Double {
    let m = LatencyReport.seconds(mean)
    return m > 0 ? Double(batchSize) / m : 0
  }

  /// A duration in seconds as a `Double`.
  public static func seconds(_ d: Duration) -> Double {
    let parts = d.components
    return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
  }
}
