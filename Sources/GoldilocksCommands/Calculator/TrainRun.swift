import Engine
import Lab
import Terminal

/// Trains (or loads) and measures one model, with live progress and Ctrl-C.
struct TrainRun {
  let context: CommandContext
  let lab: LabContext
  /// Called once, at the first training event (not when the weights come from the cache).
  var whenTrainingStarts: (() -> Void)?

  struct Result {
    let trained: ModelLab.TrainedModel
    let measured: MeasuredModel
  }

  func train(_ model: ModelDescription, spec: String, dataset: Dataset, recipe: TrainingRecipe)
    throws -> Result
  {
    let trained = try fit(model, spec: spec, dataset: dataset, recipe: recipe)
    let measured = try lab.lab.measure(
      trained.network,
      on: dataset,
      trainSeconds: trained.trainSeconds
    )
    return Result(trained: trained, measured: measured)
  }

  /// `train` for one seed of several (`--repeats`), refusing a training stopped early:
  /// figures over the seeds from a partly trained model would mislead.
  func trainSeed(
    _ model: ModelDescription,
    spec: String,
    dataset: Dataset,
    recipe: TrainingRecipe,
    seeds: Int
  ) throws -> Result {
    let result = try train(model, spec: spec, dataset: dataset, recipe: recipe)
    guard result.trained.fromCache || result.trained.completedEpochs >= recipe.epochs else {
      throw GoldilocksError.invalidValue(
        "stopped while training with seed \(recipe.seed); no figures over \(seeds) seeds were reported (finished seeds are cached)"
      )
    }
    return result
  }

  /// Trains `model`, or loads the same training from the weight cache, without measuring.
  ///
  /// `spec` is the expanded spec text, part of the cache key. Ctrl-C stops after the last
  /// finished epoch; the partial model is returned (with fewer `completedEpochs`) and not
  /// cached. `keepsPartial` says whether the command goes on with it, for the stop message.
  func fit(
    _ model: ModelDescription,
    spec: String,
    dataset: Dataset,
    recipe: TrainingRecipe,
    keepsPartial: Bool = true
  ) throws -> ModelLab.TrainedModel {
    let reporter = TrainingReporter(context: context, keepsPartial: keepsPartial)
    if !context.session.isREPL { InterruptFlag.installHandler() }
    InterruptFlag.shared.clear()
    defer { InterruptFlag.shared.clear() }
    var started = false
    return try lab.lab.train(
      model,
      spec: spec,
      on: dataset,
      recipe: recipe,
      progress: { event in
        if !started {
          started = true
          whenTrainingStarts?()
        }
        reporter.handle(event)
      },
      isCancelled: { InterruptFlag.shared.isRaised }
    )
  }
}
