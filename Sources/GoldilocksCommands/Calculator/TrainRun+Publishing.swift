import Engine
import Foundation
import Lab
import Terminal

extension TrainRun {
  /// Records one trained model's figures and shows them: held-out accuracy (R² for
  /// regression), or for a classifier precision, recall, F1, the confusion matrix and, for
  /// two classes, PR-AUC; then parameters, file size, batch-1 latency and training time.
  ///
  /// `heading` names the model and dataset as the learner wrote them; `spec` is the expanded
  /// spec recorded.
  func publish(
    _ result: Result,
    heading: String,
    spec: String,
    data: Dataset,
    recipe: TrainingRecipe
  ) throws {
    lab.record(command: "calc train", spec: spec, result: result.measured)
    let classification = try lab.lab.classificationMetrics(result.trained.network, on: data)
    if context.json {
      try context.printJSON(
        MeasuredReport(measured: result.measured, classification: classification)
      )
      return
    }
    let measured = result.measured
    var lines = [
      context.color.apply(.bold, to: heading)
        + (result.trained.fromCache
          ? context.color.apply(.dim, to: " (weights from the cache)") : "")
    ]
    if let classification {
      lines += ClassificationSummary.lines(classification, examples: data.testCount)
    } else {
      lines.append(
        "  R² on the held-out split (\(NumberFormat.grouped(data.testCount)) examples): \(String(format: "%.4f", measured.accuracy))"
      )
    }
    let latency = measured.latencyMs
    lines += [
      "  parameters:       \(NumberFormat.grouped(measured.params)) (\(NumberFormat.grouped(measured.nonzeroParams)) nonzero)",
      "  file size:        \(NumberFormat.grouped(measured.sizeBytes)) bytes (safetensors, fp32)",
      "  latency, batch 1: p50 \(NumberFormat.milliseconds(latency.p50)), p95 \(NumberFormat.milliseconds(latency.p95)), p99 \(NumberFormat.milliseconds(latency.p99))",
      "  training time:    \(String(format: "%.2f", measured.trainSeconds)) s for \(Plural.count(result.trained.completedEpochs, "epoch"))",
    ]
    if result.trained.completedEpochs < recipe.epochs && !result.trained.fromCache {
      lines.append("  (stopped early; the partial model is not cached)")
    }
    if let classification { lines += ClassificationSummary.tables(classification) }
    context.output.line(lines.joined(separator: "\n"))
  }
}
