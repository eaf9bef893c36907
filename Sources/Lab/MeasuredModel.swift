import Engine

/// A model measured here, as cli.md fixes it: counts, the size of the file it was really
/// written to, held-out accuracy, latency percentiles and training time.
public struct MeasuredModel: Codable, Sendable, Equatable {
  /// Latency percentiles in milliseconds.
  public struct Latency: Codable, Sendable, Equatable {
    public var p50: Double
    public var p95: Double
    public var p99: Double

    public init(p50: Double, p95: Double, p99: Double) {
      self.p50 = p50
      self.p95 = p95
      self.p99 = p99
    }

    public init(_ report: LatencyReport) {
      p50 = LatencyReport.seconds(report.p50) * 1000
      p95 = LatencyReport.seconds(report.p95) * 1000
      p99 = LatencyReport.seconds(report.p99) * 1000
    }
  }

  public var params: Int
  public var nonzeroParams: Int
  public var sizeBytes: Int
  /// Held-out accuracy; for regression, R² on the held-out split.
  public var accuracy: Double
  public var latencyMs: Latency
  public var trainSeconds: Double

  public init(
    params: Int,
    nonzeroParams: Int,
    sizeBytes: Int,
    accuracy: Double,
    latencyMs: Latency,
    trainSeconds: Double
  ) {
    self.params = params
    self.nonzeroParams = nonzeroParams
    self.sizeBytes = sizeBytes
    self.accuracy = accuracy
    self.latencyMs = latencyMs
    self.trainSeconds = trainSeconds
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
