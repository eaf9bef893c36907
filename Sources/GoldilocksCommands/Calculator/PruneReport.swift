import Engine
import Foundation
import Lab
import Terminal

/// What `calc prune` reports for a classification or regression model: before and after,
/// the stored forms, the MACs, what was removed, and (with `--json`) every figure.
struct PruneReport: Encodable {
  let spec: String
  let dataset: String
  let method: String
  let sparsity: Double
  let before: MeasuredModel
  let after: MeasuredModel
  let storedForms: Forms
  let storedFormsBefore: Forms
  let sparseEncodings: [String: String]
  let kernelSparsity: Double
  let macs: Macs
  let layers: [Layer]
  let schedule: Schedule?
  let files: [String]
  /// Pruned minus unpruned batch-1 latency (ms), from interleaved paired timing rounds.
  var latencyChangeMs: ConfidenceInterval? = nil
  /// Precision, recall, F1 and the confusion matrix before and after (classification).
  var classificationBefore: ClassificationMetrics? = nil
  var classificationAfter: ClassificationMetrics? = nil

  struct Forms: Encodable {
    let dense: Int
    let sparse: Int
    let compressed: Int

    /// The sizes of the files `StoredForms.write` wrote.
    init(_ written: StoredForms.Written) {
      dense = written.dense
      sparse = written.sparse
      compressed = written.compressed
    }
  }

  struct Macs: Encodable {
    let before: Int
    let after: Int
  }

  struct Layer: Encodable {
    let name: String
    let before: Int
    let after: Int
  }

  struct Schedule: Encodable {
    let kind: String
    let beginStep: Int
    let endStep: Int
    let frequency: Int
    let steps: Int
    let maskUpdates: Int
  }

  /// What `--json` prints with `--repeats` beside the intervals and verdicts of
  /// `SeedComparison.Report`.
  struct Header: Encodable {
    let spec: String
    let dataset: String
    let method: String
    let sparsity: Double
  }
}

extension PruneReport {
  /// The terminal report: the before/after table (led by the classification figures on
  /// imbalanced data), what was removed or zeroed, the latency verdict and the files.
  func lines(
    title spec: String,
    context: CommandContext,
    data: Dataset,
    latency: MeasuredDifference
  ) -> [String] {
    let report = self
    let structured = method == "structured"
    let metric = data.task == .classification ? "accuracy" : "R²"
    func ratio(_ a: Int, _ b: Int) -> String {
      b == 0 ? "" : String(format: "%.1f%%", 100 * Double(a) / Double(b))
    }
    let bytes = { (n: Int) in "\(NumberFormat.grouped(n)) B" }
    let table = TextTable(
      header: ["", "before", "after", "after/before"],
      rows: [
        [
          "params", NumberFormat.grouped(before.params), NumberFormat.grouped(after.params),
          ratio(after.params, before.params),
        ],
        [
          "nonzero params", NumberFormat.grouped(before.nonzeroParams),
          NumberFormat.grouped(after.nonzeroParams),
          ratio(after.nonzeroParams, before.nonzeroParams),
        ],
        [
          "MACs per example", NumberFormat.grouped(report.macs.before),
          NumberFormat.grouped(report.macs.after), ratio(report.macs.after, report.macs.before),
        ],
        [
          metric, String(format: "%.4f", before.accuracy), String(format: "%.4f", after.accuracy),
          String(format: "%+.2f points", 100 * (after.accuracy - before.accuracy)),
        ],
        [
          "p50 latency", NumberFormat.milliseconds(before.latencyMs.p50),
          NumberFormat.milliseconds(after.latencyMs.p50),
          String(format: "×%.2f", after.latencyMs.p50 / max(before.latencyMs.p50, 1e-9)),
        ],
        [
          "dense file", bytes(report.storedFormsBefore.dense), bytes(report.storedForms.dense),
          ratio(report.storedForms.dense, report.storedFormsBefore.dense),
        ],
        [
          "sparse file", bytes(report.storedFormsBefore.sparse), bytes(report.storedForms.sparse),
          ratio(report.storedForms.sparse, report.storedFormsBefore.dense) + " of dense",
        ],
        [
          "zlib of dense", bytes(report.storedFormsBefore.compressed),
          bytes(report.storedForms.compressed),
          ratio(report.storedForms.compressed, report.storedFormsBefore.dense) + " of dense",
        ],
      ],
      alignments: [.left, .right, .right, .right]
    )
    let what =
      structured
      ? "structured pruning of \(Int((sparsity * 100).rounded()))% of neurons/filters"
      : "\(report.method) magnitude pruning to \(Int((sparsity * 100).rounded()))% sparsity"
    var lines = [
      context.color.apply(.bold, to: "Pruned \(spec) on \(dataset): \(what)")
    ]
    var classification: [String] = []
    if let first = report.classificationBefore, let second = report.classificationAfter {
      classification.append(
        ClassificationSummary.comparison([("before", first), ("after", second)])
      )
      classification += ClassificationSummary.confusion(second, of: "pruned model")
    }
    // On imbalanced data the classification figures lead; accuracy alone misleads there.
    let leads = report.classificationAfter?.isImbalanced() ?? false
    if leads {
      lines += classification
      if let second = report.classificationAfter {
        lines.append(ClassificationSummary.imbalanceNote(second))
      }
    }
    lines.append(table.render())
    if !leads { lines += classification }
    if structured {
      lines.append(
        "Removed: "
          + report.layers.map { "\($0.name) \($0.before) → \($0.after)" }.joined(separator: ", ")
          + ". The network is rebuilt smaller, so the dense file and the MACs shrink too."
      )
    } else {
      let encodings = Dictionary(grouping: report.sparseEncodings, by: \.value)
        .map { "\($0.key): \($0.value.map(\.key).sorted().joined(separator: ", "))" }
        .sorted()
      lines.append(
        String(format: "Kernels are %.1f%% zeros. ", 100 * report.kernelSparsity)
          + "The dense file stores each zero in 4 bytes and a dense kernel still multiplies it, so only the sparse file (\(encodings.joined(separator: "; "))) and the compressed one shrink."
      )
    }
    let measured = IntervalFormat.latencyVerdict(latency).sentence
    lines.append(
      "Latency, pruned against unpruned, timed in alternating rounds: " + measured + "."
    )
    if let schedule = report.schedule {
      lines.append(
        "Schedule \(schedule.kind): begin 0, end \(schedule.endStep), frequency \(schedule.frequency), \(schedule.maskUpdates) mask updates over \(schedule.steps) steps."
      )
    }
    lines.append(context.color.apply(.dim, to: "files: " + report.files.joined(separator: ", ")))
    return lines
  }
}
