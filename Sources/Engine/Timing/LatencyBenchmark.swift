/// Times a closure: `warmUp` untimed runs, then `runs` timed runs, each measured with a clock.
///
/// The clock is injectable (`ContinuousClock` by default) so tests can use a fake one.
public struct LatencyBenchmark<C: Clock>: Sendable where C.Duration == Duration {
  /// Untimed runs first (caches, page faults, lazy allocation).
  public var warmUp: Int
  /// Timed runs.
  public var runs: Int
  /// Examples processed per run.
  public var batchSize: Int
  /// The clock that measures each run.
  public var clock: C

  public init(warmUp: Int = 10, runs: Int = 100, batchSize: Int = 1, clock: C) {
    self.warmUp = warmUp
    self.runs = runs
    self.batchSize = batchSize
    self.clock = clock
  }

  /// Runs `body` and returns the timings.
  public func measure(_ body: () throws -> Void) rethrows -> LatencyReport {
    for _ in 0..<max(warmUp, 0) { try body() }
    var samples: [Duration] = []
    samples.reserveCapacity(max(runs, 0))
    for _ in 0..<max(runs, 0) {
      let start = clock.now
      try body()
      samples.append(start.duration(to: clock.now))
    }
    return LatencyReport(samples: samples, batchSize: batchSize)
  }
}

extension LatencyBenchmark where C == ContinuousClock {
  /// A benchmark timed by `ContinuousClock`.
  public init(warmUp: Int = 10, runs: Int = 100, batchSize: Int = 1) {
    self.init(warmUp: warmUp, runs: runs, batchSize: batchSize, clock: ContinuousClock())
  }
}
