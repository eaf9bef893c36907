import Engine
import Foundation
import Lab
import Terminal

/// What the classical-model commands share: loading a dataset as feature rows, checking
/// flags, and printing a measured tree, forest or linear model for a learner.
struct ClassicalReport {
  let context: CommandContext
  let lab: LabContext

  init(context: CommandContext) {
    self.context = context
    self.lab = LabContext(context: context)
  }

  /// The dataset's train and test splits as flat feature rows.
  func data(_ name: String) throws -> ClassicalData {
    try ClassicalData(lab.dataset(name))
  }

  /// Throws a learner-facing error unless `value` is in `range`.
  static func check(_ flag: String, _ value: Int, in range: ClosedRange<Int>) throws {
    guard range.contains(value) else {
      throw GoldilocksError.invalidValue(
        "\(flag) must be between \(range.lowerBound) and \(NumberFormat.grouped(range.upperBound)), got \(value)"
      )
    }
  }

  /// Throws a learner-facing error unless `value` is a finite number in `range`.
  static func check(_ flag: String, _ value: Double, in range: ClosedRange<Double>) throws {
    guard value.isFinite, range.contains(value) else {
      throw GoldilocksError.invalidValue(
        "\(flag) must be between \(range.lowerBound) and \(range.upperBound), got \(value)"
      )
    }
  }

  /// Prints the measurement (or its JSON) and records it in the experiment history.
  func finish(
    _ result: ClassicalMeasurement,
    command: String,
    settings: String,
    title: String,
    notes: [String] = []
  ) throws {
    lab.record(command: command, spec: settings, result: result)
    if context.json {
      try context.printJSON(result)
      return
    }
    var lines = [context.color.apply(.bold, to: title)]
    lines += Self.lines(result)
    lines += notes.map { "  " + $0 }
    context.output.line(lines.joined(separator: "\n"))
  }

  /// The readable report of one measured model, indented by two spaces.
  static func lines(_ result: ClassicalMeasurement) -> [String] {
    let m = result.measured
    let metric = result.metric == "r2" ? "R²" : "accuracy"
    var lines = [
      "  \(metric) on the held-out split (\(NumberFormat.grouped(result.testRows)) examples): \(String(format: "%.4f", m.accuracy))"
    ]
    if let recall = result.positiveRecall, let precision = result.positivePrecision,
      let share = result.positiveShare, share < 0.2
    {
      lines.append(
        "  class 1 (\(String(format: "%.1f", share * 100)) % of the held-out rows): recall "
          + "\(String(format: "%.2f", recall)), precision \(String(format: "%.2f", precision)); "
          + "predicting 0 for every row would score \(String(format: "%.4f", 1 - share))"
      )
    }
    if let nodes = result.nodes, let trees = result.trees {
      let leaves = result.leaves ?? 0
      let depth = result.depth ?? 0
      let treeWord = trees == 1 ? "1 tree" : "\(NumberFormat.grouped(trees)) trees"
      lines.append(
        "  nodes:            \(NumberFormat.grouped(nodes)) in \(treeWord) (\(NumberFormat.grouped(leaves)) leaves), depth \(depth)"
      )
      lines.append(
        "  parameters:       \(NumberFormat.grouped(m.params)) stored numbers (thresholds and leaf outputs), \(NumberFormat.grouped(m.nonzeroParams)) nonzero"
      )
      lines.append(
        "  file size:        \(NumberFormat.grouped(m.sizeBytes)) bytes (\(NumberFormat.bytes(Int64(m.sizeBytes)))), \(String(format: "%.1f", result.bytesPerNode ?? 0)) bytes per node"
      )
    } else {
      let zeros = result.zeroWeights ?? 0
      lines.append(
        "  parameters:       \(NumberFormat.grouped(m.params)) (weights and intercepts), \(NumberFormat.grouped(m.nonzeroParams)) nonzero"
      )
      lines.append(
        "  zero weights:     \(NumberFormat.grouped(zeros)) exactly 0 (\(percent(zeros, of: m.params)) of the parameters)"
      )
      lines.append(
        "  file size:        \(NumberFormat.grouped(result.denseSizeBytes ?? m.sizeBytes)) bytes dense, \(NumberFormat.grouped(result.sparseSizeBytes ?? m.sizeBytes)) bytes sparse (mask + nonzero weights)"
      )
    }
    lines.append(
      "  latency, batch 1: p50 \(duration(m.latencyMs.p50)), p95 \(duration(m.latencyMs.p95)), p99 \(duration(m.latencyMs.p99))"
    )
    lines.append(
      "  batched:          \(duration(result.batchedMsPerRow)) per row, \(NumberFormat.grouped(Int(result.throughputPerSecond.rounded()))) rows/s over the held-out split"
    )
    lines.append(
      "  training time:    \(seconds(m.trainSeconds)) on \(NumberFormat.grouped(result.trainRows)) rows × \(result.features) features"
    )
    return lines
  }

  /// `12 %` style share, or `0 %` when `total` is 0.
  static func percent(_ part: Int, of total: Int) -> String {
    guard total > 0 else { return "0 %" }
    return String(format: "%.0f %%", 100 * Double(part) / Double(total))
  }

  /// A latency in milliseconds, in microseconds below 0.01 ms: `0.21 µs`, `0.014 ms`.
  static func duration(_ milliseconds: Double) -> String {
    if milliseconds < 0.01 { return String(format: "%.2f µs", milliseconds * 1000) }
    return NumberFormat.milliseconds(milliseconds)
  }

  /// A short held-out score for tables: `0.9750`.
  static func score(_ value: Double) -> String { String(format: "%.4f", value) }

  /// Seconds for tables: `0.012 s` or `1.23 s`.
  static func seconds(_ value: Double) -> String {
    value < 0.1 ? String(format: "%.3f s", value) : String(format: "%.2f s", value)
  }
}
