import Engine

/// A measured model over several seeds: cli.md's measured-model fields, each the mean of
/// the runs with its 95 % interval (`{"mean", "low", "high", "runs"}`).
public struct RepeatedMeasuredModel: Codable, Sendable, Equatable {
  /// Latency percentiles in milliseconds, each over the runs.
  public struct Latency: Codable, Sendable, Equatable {
    public var p50: ConfidenceInterval
    public var p95: ConfidenceInterval
    public var p99: ConfidenceInterval
  }

  public var params: ConfidenceInterval
  public var nonzeroParams: ConfidenceInterval
  public var sizeBytes: ConfidenceInterval
  public var accuracy: ConfidenceInterval
  public var latencyMs: Latency
  public var trainSeconds: ConfidenceInterval

  /// Summarises `runs` (one measured model per seed); nil when there are none.
  ///
  /// Intervals stay within what each figure can be: counts, sizes and times ≥ 0, accuracy
  /// in [0, 1], R² (`regression`) ≤ 1.
  public init?(_ runs: [MeasuredModel], regression: Bool = false) {
    func interval(_ value: (MeasuredModel) -> Double) -> ConfidenceInterval? {
      ConfidenceInterval(samples: runs.map(value))?.clamped(to: 0...Double.greatestFiniteMagnitude)
    }
    guard let params = interval({ Double($0.params) }),
      let nonzero = interval({ Double($0.nonzeroParams) }),
      let size = interval({ Double($0.sizeBytes) }),
      let accuracy = ConfidenceInterval(samples: runs.map(\.accuracy))?.clamped(
        to: (regression ? -Double.greatestFiniteMagnitude : 0)...1
      ),
      let p50 = interval(\.latencyMs.p50),
      let p95 = interval(\.latencyMs.p95),
      let p99 = interval(\.latencyMs.p99),
      let seconds = interval(\.trainSeconds)
    else { return nil }
    self.params = params
    nonzeroParams = nonzero
    sizeBytes = size
    self.accuracy = accuracy
    latencyMs = Latency(p50: p50, p95: p95, p99: p99)
    trainSeconds = seconds
  }

  enum CodingKeys: String, CodingKey {
    case params
    case nonzeroParams = "nonzero_params"
    case sizeBytes = "size_bytes"
    case accuracy
    case latencyMs = "latency_ms"
    case trainSeconds = "train_seconds"
  }
}
