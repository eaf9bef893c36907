import Engine
import Foundation
import Lab
import Terminal

/// What `calc sweep` shows of its points: the table, the charts against file size, what
/// each step up in size bought, the CSV, and the same over several seeds.
enum SweepReport {
  /// One point: what was varied and its value, the point's spec, and its measured figures
  /// (`measured`'s fields first in the JSON, as a measured model's object).
  struct Point<Measured: Encodable>: Encodable {
    let vary: String
    let value: Double
    let spec: String
    let measured: Measured

    enum Keys: String, CodingKey { case vary, value, spec }

    func encode(to encoder: any Encoder) throws {
      try measured.encode(to: encoder)
      var container = encoder.container(keyedBy: Keys.self)
      try container.encode(vary, forKey: .vary)
      try container.encode(value, forKey: .value)
      try container.encode(spec, forKey: .spec)
    }
  }

  /// One measured point of one seed.
  typealias Row = Point<MeasuredModel>
  /// One point over several seeds: every measured figure as a 95 % interval.
  typealias RepeatedRow = Point<RepeatedMeasuredModel>

  /// The points as a table: the varied value, params, file bytes, accuracy, latency, time.
  static func table(_ rows: [Row], plan: SweepPlan) -> TextTable {
    TextTable(
      header: [plan.knob.rawValue, "params", "file bytes", "accuracy", "p50 latency", "train s"],
      rows: rows.map { row in
        [
          SweepPlan.label(row.value), NumberFormat.grouped(row.measured.params),
          NumberFormat.grouped(row.measured.sizeBytes),
          String(format: "%.4f", row.measured.accuracy),
          NumberFormat.milliseconds(row.measured.latencyMs.p50),
          String(format: "%.2f", row.measured.trainSeconds),
        ]
      },
      alignments: [.right, .right, .right, .right, .right, .right]
    )
  }

  /// Accuracy and latency against file size; the size axis is logarithmic when it spans
  /// more than a factor of four.
  static func charts(_ rows: [Row], plan: SweepPlan, data: Dataset) -> [Chart] {
    let sizes = rows.map { Double($0.measured.sizeBytes) }
    let logX = (sizes.max() ?? 1) / max(1, sizes.min() ?? 1) > 4
    let xLabel = "weight file size (bytes\(logX ? ", log scale" : ""))"
    func points(_ y: (MeasuredModel) -> Double) -> [ChartPoint] {
      rows.map {
        ChartPoint(
          x: Double($0.measured.sizeBytes),
          y: y($0.measured),
          label: "\(plan.knob.rawValue)=\(SweepPlan.label($0.value))"
        )
      }
    }
    return [
      Chart(
        title: "Accuracy vs size",
        xLabel: xLabel,
        yLabel: "held-out accuracy (\(data.name))",
        points: points(\.accuracy),
        logX: logX,
        yBounds: data.task == .classification ? 0...1 : -Double.greatestFiniteMagnitude...1
      ),
      Chart(
        title: "Latency vs size",
        xLabel: xLabel,
        yLabel: "p50 latency, batch 1 (ms)",
        points: points(\.latencyMs.p50),
        logX: logX,
        yBounds: 0...Double.greatestFiniteMagnitude
      ),
    ]
  }

  /// What each step up in size bought, smallest first: the diminishing returns.
  static func returns(_ rows: [Row]) -> [String] {
    let sorted = rows.sorted { $0.measured.sizeBytes < $1.measured.sizeBytes }
    guard sorted.count >= 2 else { return [] }
    var lines = [
      "What each step up in size bought (one seed, so no interval: --repeats N measures one):"
    ]
    for (small, large) in zip(sorted, sorted.dropFirst()) {
      let ratio = Double(large.measured.sizeBytes) / Double(max(1, small.measured.sizeBytes))
      lines.append(
        "  \(small.vary) \(SweepPlan.label(small.value)) → \(SweepPlan.label(large.value)): "
          + String(
            format: "%.1f× the bytes, %+.2f points of accuracy",
            ratio,
            (large.measured.accuracy - small.measured.accuracy) * 100
          )
      )
    }
    return lines
  }

  /// The points as CSV, one row per point, every measured figure.
  static func csv(_ rows: [Row]) -> String {
    var lines = [
      "vary,value,spec,params,nonzero_params,size_bytes,accuracy,latency_p50_ms,latency_p95_ms,latency_p99_ms,train_seconds"
    ]
    for row in rows {
      let m = row.measured
      let spec = "\"" + row.spec.replacingOccurrences(of: "\"", with: "\"\"") + "\""
      lines.append(
        [
          row.vary, SweepPlan.label(row.value), spec, String(m.params), String(m.nonzeroParams),
          String(m.sizeBytes), String(m.accuracy), String(m.latencyMs.p50),
          String(m.latencyMs.p95), String(m.latencyMs.p99), String(m.trainSeconds),
        ].joined(separator: ",")
      )
    }
    return lines.joined(separator: "\n") + "\n"
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
