import ArgumentParser
import Engine
import Foundation
import Lab
import Terminal

/// `calc regularize`: the same small network trained with no penalty, L1, L2 and dropout.
struct CalcRegularizeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "regularize",
    abstract: "Train one small network with none, L1, L2 and dropout; compare sizes.",
    discussion: """
      Four trainings with the same seed and epochs: no regulariser, an L1 penalty
      on the kernels, an L2 penalty on the kernels (Keras' kernel_regularizer),
      and a dropout layer after the hidden layer. It reports kernel weights that
      are exactly zero and below 0.001, the mean |w|, the parameters, the file and
      held-out accuracy. L1 through a gradient optimiser (as in Keras) pushes
      weights towards 0 without landing on it exactly, so count them at a
      threshold before pruning; `calc linear --l1` shows a solver that makes exact
      zeros. L2 shrinks every weight; dropout adds no parameters.
      """
  )

  @OptionGroup var global: GlobalOptions
  @Option(help: "The dataset (see `calc datasets`).") var dataset: String = "digits"
  @Option(parsing: .unconditional, help: "Dropout rate of the dropout run.") var dropout: Double =
    0.3
  @Option(parsing: .unconditional, help: "Units of the hidden layer.") var hidden: Int = 64
  @OptionGroup(title: "Training (all four runs)")
  var training: TrainingOptions
  @OptionGroup var memory: MemoryOptions

  /// Training passes when `--epochs` is not given.
  static let defaultEpochs = 10
  /// The L1 and L2 runs' penalty when `--l1` or `--l2` is not given.
  static let defaultPenalty = 0.001

  mutating func validate() throws {
    try ClassicalReport.check("--l1", l1, in: 0.000_000_1...10)
    try ClassicalReport.check("--l2", l2, in: 0.000_000_1...10)
    try ClassicalReport.check("--dropout", dropout, in: 0.01...0.9)
    try ClassicalReport.check("--hidden", hidden, in: 1...4_096)
  }

  /// The L1 run's penalty.
  var l1: Double { training.l1 ?? Self.defaultPenalty }
  /// The L2 run's penalty.
  var l2: Double { training.l2 ?? Self.defaultPenalty }

  mutating func run() throws {
    let context = CommandContext(global)
    let lab = LabContext(context: context, memoryBudget: try memory.budget())
    let base = try training.validatedRecipe(seed: context.seed, defaultEpochs: Self.defaultEpochs)
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
      metric: data.task == .classification ? "accuracy" : "r2",
      epochs: epochs,
      runs: runs
    )
    lab.record(
      command: "calc regularize",
      spec: "\(plain) | l1=\(l1) l2=\(l2) dropout=\(dropout) epochs=\(epochs) dataset=\(dataset)",
      result: result
    )
    if context.json {
      try context.printJSON(result)
      return
    }
    context.output.line(render(result, spec: plain, context: context).joined(separator: "\n"))
  }

  /// The four runs.
  struct Comparison: Encodable {
    var dataset: String
    /// `accuracy` or `r2`: what each run's `accuracy` holds.
    var metric: String
    var epochs: Int
    var runs: [ComparedRun]
  }

  func render(_ result: Comparison, spec: String, context: CommandContext) -> [String] {
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
