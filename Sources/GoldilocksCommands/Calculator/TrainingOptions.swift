import ArgumentParser
import Engine
import Lab

/// How a model is trained, as `calc train` and `calc export --dataset` take it.
///
/// Both commands build their `TrainingRecipe` here, so the same options give the same
/// weights and the same weight-cache entry. Each option is optional so that a command can
/// tell whether it was given; one left out takes `TrainingRecipe`'s default.
struct TrainingOptions: ParsableArguments {
  @Option(
    parsing: .unconditional,
    help:
      "Passes over the training split (default \(TrainingRecipe.defaultEpochs); \(CalcDistillCommand.defaultEpochs) for calc distill, \(CalcRegularizeCommand.defaultEpochs) for calc regularize)."
  )
  var epochs: Int?
  @Option(
    parsing: .unconditional,
    help: "Examples per step (default \(TrainingRecipe.defaultBatchSize))."
  )
  var batch: Int?
  @Option(help: "The optimizer (default \(TrainingRecipe.defaultOptimizer)).")
  var optimizer: OptimizerName?
  @Option(parsing: .unconditional, help: "Learning rate (default 0.001 for adam, 0.01 for sgd).")
  var lr: Double?
  @Option(
    parsing: .unconditional,
    help: "L1 penalty on kernels (default 0; 0.001 for calc regularize's L1 run)."
  )
  var l1: Double?
  @Option(
    parsing: .unconditional,
    help: "L2 penalty on kernels (default 0; 0.001 for calc regularize's L2 run)."
  )
  var l2: Double?

  /// Refuses a value out of range while the command line is parsed, naming its option.
  func validate() throws {
    _ = try validatedRecipe(seed: 0)
  }

  /// The options given on the command line, spelled as flags (`--epochs`).
  var given: [String] {
    [
      ("--epochs", epochs != nil), ("--batch", batch != nil), ("--optimizer", optimizer != nil),
      ("--lr", lr != nil), ("--l1", l1 != nil), ("--l2", l2 != nil),
    ]
    .filter(\.1).map(\.0)
  }

  /// The recipe these options describe, after checking each value against its option.
  ///
  /// The engine checks the recipe too, in its own terms; here a bad value is refused with
  /// the option that set it.
  func validatedRecipe(
    seed: UInt64,
    defaultEpochs: Int = TrainingRecipe.defaultEpochs
  ) throws -> TrainingRecipe {
    let recipe = recipe(seed: seed, defaultEpochs: defaultEpochs)
    do {
      try recipe.validate()
    } catch {
      throw GoldilocksError.invalidValue(EngineErrorAdvice.describe(error) ?? error.description)
    }
    return recipe
  }

  /// The recipe these options describe, trained with `seed`; `defaultEpochs` when
  /// `--epochs` is not given.
  func recipe(seed: UInt64, defaultEpochs: Int = TrainingRecipe.defaultEpochs) -> TrainingRecipe {
    TrainingRecipe(
      epochs: epochs ?? defaultEpochs,
      batchSize: batch ?? TrainingRecipe.defaultBatchSize,
      optimizer: optimizer?.rawValue ?? TrainingRecipe.defaultOptimizer,
      learningRate: lr,
      l1: l1 ?? 0,
      l2: l2 ?? 0,
      seed: seed
    )
  }
}
