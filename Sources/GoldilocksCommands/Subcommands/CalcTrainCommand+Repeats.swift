import Engine
import Foundation
import Lab
import Terminal

extension CalcTrainCommand {
  /// `calc train --repeats N`: trains with N seeds and reports each figure's mean with a
  /// 95 % interval (Student t over the seeds).
  func runRepeated(
    _ model: ModelDescription,
    input: SpecInput,
    data: Dataset,
    context: CommandContext,
    lab: LabContext
  ) throws {
    let seeds = repeating.seeds(from: context.seed)
    var runs: [MeasuredModel] = []
    var metrics: [ClassificationMetrics] = []
    for seed in seeds {
      let recipe = try training.validatedRecipe(seed: seed)
      let result = try TrainRun(context: context, lab: lab).trainSeed(
        model,
        spec: input.expandedText,
        dataset: data,
        recipe: recipe,
        seeds: seeds.count
      )
      runs.append(result.measured)
      if let figures = try lab.lab.classificationMetrics(result.trained.network, on: data) {
        metrics.append(figures)
      }
    }
    guard let repeated = RepeatedMeasuredModel(runs, regression: data.task == .regression) else {
      throw GoldilocksError.invalidValue("--repeats ran no seed, so there is nothing to report")
    }
    let report = RepeatedMeasuredReport(
      measured: repeated,
      seeds: seeds,
      classification: metrics.isEmpty ? nil : RepeatedMeasuredReport.Classification(metrics)
    )
    lab.record(command: "calc train", spec: input.expandedText, result: report)
    if context.json {
      try context.printJSON(report)
      return
    }
    let metric = data.task == .classification ? "accuracy" : "R²"
    var lines = [
      context.color.apply(
        .bold,
        to:
          "Trained \(input.text) on \(dataset) with \(seeds.count) seeds (\(seeds.first ?? 0)…\(seeds.last ?? 0))"
      )
    ]
    let held = "held-out split, \(NumberFormat.grouped(data.testCount)) examples"
    var headline = ["  \(metric) (\(held)): \(IntervalFormat.text(repeated.accuracy))"]
    if let classification = report.classification {
      if let recall = classification.recall, let prAUC = classification.prAUC {
        let threshold = String(format: "%.2f", classification.threshold ?? 0.5)
        let binary = [
          "  recall at threshold \(threshold): \(IntervalFormat.text(recall))",
          "  PR-AUC (average precision): \(IntervalFormat.text(prAUC))",
        ]
        let imbalanced = metrics.first?.isImbalanced() ?? false
        headline = imbalanced ? binary + headline : headline + binary
        if imbalanced {
          headline.append(
            "  (accuracy comes last: on data this imbalanced, always predicting the common class scores high)"
          )
        }
      } else {
        headline.append("  macro F1: \(IntervalFormat.text(classification.macroF1))")
      }
    }
    lines += headline
    lines += [
      "  parameters:       \(NumberFormat.grouped(Int(repeated.params.mean)))",
      "  file size:        \(NumberFormat.grouped(Int(repeated.sizeBytes.mean))) bytes (safetensors, fp32)",
      "  latency, batch 1: p50 \(IntervalFormat.milliseconds(repeated.latencyMs.p50))",
      "  training time:    \(IntervalFormat.text(repeated.trainSeconds, digits: 2, unit: " s"))",
    ]
    context.output.line(lines.joined(separator: "\n"))
  }
}
