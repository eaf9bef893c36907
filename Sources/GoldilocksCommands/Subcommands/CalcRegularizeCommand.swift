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
    let run = RegularizationRun(
      context: context,
      lab: LabContext(context: context, memoryBudget: try memory.budget())
    )
    let result = try run.compare(
      dataset: dataset,
      hidden: hidden,
      penalties: (l1: l1, l2: l2, dropout: dropout),
      base: try training.validatedRecipe(seed: context.seed, defaultEpochs: Self.defaultEpochs)
    )
    if context.json {
      try context.printJSON(result)
    } else {
      context.output.line(run.render(result).joined(separator: "\n"))
    }
  }
}
