import Engine
import Foundation
import Lab

extension CalcSweepCommand {
  /// One point of a sweep over several seeds: every measured figure as a 95 % interval.
  struct RepeatedRow: Encodable {
    let vary: String
    let value: Double
    let spec: String
    let measured: RepeatedMeasuredModel

    enum Keys: String, CodingKey { case vary, value, spec }

    func encode(to encoder: any Encoder) throws {
      try measured.encode(to: encoder)
      var container = encoder.container(keyedBy: Keys.self)
      try container.encode(vary, forKey: .vary)
      try container.encode(value, forKey: .value)
      try container.encode(spec, forKey: .spec)
    }
  }

  /// The rows of every seed, point by point, as intervals (`perSeed[seed][point]`).
  static func repeatedRows(_ perSeed: [[Row]], regression: Bool) -> [RepeatedRow] {
    guard let first = perSeed.first else { return [] }
    return first.indices.compactMap { index in
      let runs = perSeed.map { $0[index].measured }
      guard let measured = RepeatedMeasuredModel(runs, regression: regression) else { return nil }
      let row = first[index]
      return RepeatedRow(vary: row.vary, value: row.value, spec: row.spec, measured: measured)
    }
  }

  /// Each point's mean over the seeds, as a plain row (for the table, charts and CSV).
  static func meanRows(_ perSeed: [[Row]]) -> [Row] {
    guard let first = perSeed.first else { return [] }
    return first.indices.map { index in
      let runs = perSeed.map { $0[index].measured }
      func mean(_ value: (MeasuredModel) -> Double) -> Double {
        runs.map(value).reduce(0, +) / Double(max(1, runs.count))
      }
      let measured = MeasuredModel(
        params: Int(mean { Double($0.params) }.rounded()),
        nonzeroParams: Int(mean { Double($0.nonzeroParams) }.rounded()),
        sizeBytes: Int(mean { Double($0.sizeBytes) }.rounded()),
        accuracy: mean(\.accuracy),
        latencyMs: .init(
          p50: mean(\.latencyMs.p50),
          p95: mean(\.latencyMs.p95),
          p99: mean(\.latencyMs.p99)
        ),
        trainSeconds: mean(\.trainSeconds)
      )
      let row = first[index]
      return Row(vary: row.vary, value: row.value, spec: row.spec, measured: measured)
    }
  }

  /// What each step up in size bought, with the accuracy and p50 latency changes paired by
  /// seed and a verdict only where an interval excludes zero.
  static func repeatedReturns(_ perSeed: [[Row]], seeds: [UInt64], data: Dataset) -> [String] {
    guard let first = perSeed.first, first.count >= 2 else { return [] }
    let order = first.indices.sorted { first[$0].measured.sizeBytes < first[$1].measured.sizeBytes }
    var lines = ["What each step up in size bought, over \(seeds.count) seeds:"]
    for (small, large) in zip(order, order.dropFirst()) {
      let ratio =
        Double(first[large].measured.sizeBytes) / Double(max(1, first[small].measured.sizeBytes))
      let accuracy = IntervalFormat.accuracyVerdict(
        before: perSeed.map { $0[small].measured.accuracy },
        after: perSeed.map { $0[large].measured.accuracy },
        metric: data.task == .classification ? "accuracy" : "R²"
      )
      let latency = MeasuredDifference(
        before: perSeed.map { $0[small].measured.latencyMs.p50 },
        after: perSeed.map { $0[large].measured.latencyMs.p50 }
      )
      lines.append(
        "  \(first[small].vary) \(SweepPlan.label(first[small].value)) → \(SweepPlan.label(first[large].value)): "
          + String(format: "%.1f× the bytes; ", ratio) + accuracy.sentence
          + "; p50 latency by seed: "
          + IntervalFormat.latencyVerdict(latency).sentence
      )
    }
    return lines
  }
}
