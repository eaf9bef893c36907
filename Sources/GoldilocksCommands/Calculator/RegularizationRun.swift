import Engine
import Foundation
import Lab
import Terminal

/// `calc regularize`: one small network trained four times (no penalty, L1, L2, dropout)
/// with the same seed and epochs, and what each did to the weights, the size and the score.
struct RegularizationRun {
  let context: CommandContext
  let lab: LabContext

  /// Trains the four runs on `dataset` from the `base` recipe and records the comparison.
  func compare(
    dataset: String,
    hidden: Int,
    penalties: (l1: Double, l2: Double, dropout: Double),
    base: TrainingRecipe
  ) throws -> Comparison {
    let (l1, l2, dropout) = penalties
    let epochs = base.epochs
    let data = try lab.dataset(dataset)
    let plain = ComparedRun.smallMLP(for: data, hidden: hidden)
    let dropped = ComparedRun.smallMLP(for: data, hidden: hidden, dropout: dropout)
    func recipe(l1: Double = 0, l2: Double = 0) -> TrainingRecipe {
      var recipe = base
      recipe.l1 = l1
      recipe.l2 = l2
      return recipe
    }
    let variants: [(String, String, TrainingRecipe)] = [
      ("none", plain, recipe()),
      ("l1 \(l1)", plain, recipe(l1: l1)),
      ("l2 \(l2)", plain, recipe(l2: l2)),
      ("dropout \(dropout)", dropped, recipe()),
    ]
    var runs: [ComparedRun] = []
    for (name, spec, recipe) in variants {
      runs.append(
        try ComparedRun.train(
          name: name,
          spec: spec,
          dataset: data,
          recipe: recipe,
          context: context,
          lab: lab
        )
      )
    }
    let result = Comparison(
      dataset: dataset,
      spec: plain,
      metric: data.task == .classification ? "accuracy" : "r2",
      epochs: epochs,
      runs: runs
    )
    lab.record(
      command: "calc regularize",
      spec: "\(plain) | l1=\(l1) l2=\(l2) dropout=\(dropout) epochs=\(epochs) dataset=\(dataset)",
      result: result
    )
    return result
  }

  /// The four runs.
  struct Comparison: Encodable {
    var dataset: String
    /// The network without dropout (the dropout run adds one layer after the hidden one).
    var spec: String
    /// `accuracy` or `r2`: what each run's `accuracy` holds.
    var metric: String
    var epochs: Int
    var runs: [ComparedRun]
  }

  /// The comparison as a table of kernel zeros, mean |w|, size and score, and what each
  /// penalty did.
  func render(_ result: Comparison) -> [String] {
    let spec = result.spec
    let metric = result.metric == "r2" ? "R²" : "accuracy"
    var lines = [
      context.color.apply(.bold, to: "Regularisation on \(result.dataset): \(spec)"),
      "  \(result.epochs) epochs, seed \(context.seed); penalties act on the kernels only",
    ]
    let rows = result.runs.map { run in
      [
        run.name,
        NumberFormat.grouped(run.measured.params),
        NumberFormat.grouped(run.exactZeros),
        NumberFormat.grouped(run.nearZeros),
        String(format: "%.4f", run.meanAbsWeight),
        NumberFormat.grouped(run.measured.sizeBytes),
        ClassicalReport.score(run.measured.accuracy),
        ClassicalReport.seconds(run.measured.trainSeconds),
      ]
    }
    lines += TextTable(
      header: ["run", "params", "w = 0", "|w| < 0.001", "mean |w|", "file bytes", metric, "train"],
      rows: rows
    ).render().split(separator: "\n").map { "  " + $0 }
    if let none = result.runs.first, result.runs.count == 4 {
      let l1 = result.runs[1]
      let l2 = result.runs[2]
      let drop = result.runs[3]
      lines.append(
        "  L1: \(NumberFormat.grouped(l1.nearZeros)) of \(NumberFormat.grouped(l1.kernelWeights)) "
          + "kernel weights below 0.001 (\(NumberFormat.grouped(none.nearZeros)) without): "
          + "prunable at that threshold, but still stored until pruned."
      )
      lines.append(
        "  L2: mean |w| \(String(format: "%.4f", l2.meanAbsWeight)) against "
          + "\(String(format: "%.4f", none.meanAbsWeight)) without: smaller weights, "
          + "the same count and the same file."
      )
      lines.append(
        "  Dropout: \(NumberFormat.grouped(drop.measured.params)) parameters, as without "
          + "(\(NumberFormat.grouped(none.measured.params))): it changes training, not size."
      )
    }
    if result.runs.contains(where: \.fromCache) {
      lines.append("  (some weights came from the cache: their training times are the stored ones)")
    }
    return lines
  }
}
