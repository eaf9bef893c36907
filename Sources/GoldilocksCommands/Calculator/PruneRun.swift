import Engine
import Foundation
import Lab
import Terminal

/// `calc prune` for a classification or regression model: trains the model as `calc train`
/// does (or reuses its cached weights), prunes it, fine-tunes with the masks, writes the
/// pruned weights in their stored forms and measures both models.
struct PruneRun {
  let context: CommandContext
  let lab: LabContext

  /// What to prune and how.
  struct Settings {
    /// Fraction of weights (or, structured, of neurons and filters) removed.
    let sparsity: Double
    /// Whether whole neurons or filters go.
    let structured: Bool
    /// Whether magnitudes are ranked across layers.
    let globalRanking: Bool
    /// One-shot, or a TF-MOT sparsity ramp during fine-tuning.
    let schedule: ModelPruner.Schedule
    /// Epochs of masked fine-tuning.
    let finetuneEpochs: Int

    /// `structured`, `global` or `per-layer`.
    var method: String { structured ? "structured" : (globalRanking ? "global" : "per-layer") }
  }

  /// The first seed's report, every seed's before and after, and the paired latency.
  struct Outcome {
    let report: PruneReport
    let seedRuns: [SeedComparison.Run]
    let latency: MeasuredDifference
    let data: Dataset

    /// Unpruned against pruned, seed by seed, with the interleaved latency of the first.
    var comparison: SeedComparison {
      SeedComparison(runs: seedRuns, regression: data.task == .regression, interleaved: latency)
    }
  }

  /// The network pruned (and fine-tuned), with what structured pruning removed and what a
  /// ramp did.
  struct Pruned {
    var network: Network
    var layers: [PruneReport.Layer] = []
    var schedule: PruneReport.Schedule?
  }

  /// Prunes `model` on `datasetName` with `settings`, over the seeds `repeating` asks for.
  func run(
    _ model: ModelDescription,
    spec input: SpecInput,
    datasetName: String,
    settings: Settings,
    training: TrainingOptions,
    repeating: RepeatOptions
  ) throws -> Outcome {
    let data = try lab.dataset(datasetName).fitted(to: model.inputShape.dimensions)
    if settings.structured {
      // Refuse an impossible structured request before spending time on training.
      let untrained = try NetworkBuilder.network(
        for: model,
        task: data.task,
        seed: context.seed,
        budget: lab.memoryBudget
      )
      _ = try StructuredPruner.pruneWithReport(network: untrained, fraction: settings.sparsity)
    }
    let recipe = try training.validatedRecipe(seed: context.seed)
    let expanded = input.expandedText
    let trained = try TrainRun(context: context, lab: lab).train(
      model,
      spec: expanded,
      dataset: data,
      recipe: recipe
    )
    let original = trained.trained.network
    if !context.session.isREPL { InterruptFlag.installHandler() }
    InterruptFlag.shared.clear()
    let clock = ContinuousClock()
    let start = clock.now
    let pruned = try prune(original, model: model, data: data, recipe: recipe, settings: settings)
    InterruptFlag.shared.clear()
    let fineTuneSeconds = LatencyReport.seconds(clock.now - start)
    let network = pruned.network
    var after = try lab.lab.measure(
      network,
      on: data,
      trainSeconds: trained.trained.trainSeconds + fineTuneSeconds
    )
    let stem = lab.runFileStem(
      prefix: "prune",
      key:
        "\(expanded)|\(datasetName)|\(recipe.key)|\(settings.method)|\(settings.sparsity)|\(settings.schedule)|\(settings.finetuneEpochs)"
    )
    // The weights alone, in the one form every command measures (docs/engine-conventions.md).
    let metadata = ModelLab.standardMetadata
    let forms = try StoredForms(network: network, metadata: metadata)
    let written = try forms.write(stem: stem + "-pruned")
    let formsBefore = try StoredForms(network: original, metadata: metadata)
      .write(stem: stem + "-unpruned")
    var before = trained.measured
    before.sizeBytes = formsBefore.dense
    after.sizeBytes = written.dense
    var report = PruneReport(
      spec: expanded,
      dataset: datasetName,
      method: settings.method,
      sparsity: settings.sparsity,
      before: before,
      after: after,
      storedForms: .init(written),
      storedFormsBefore: .init(formsBefore),
      sparseEncodings: forms.encodings,
      kernelSparsity: ModelPruner.kernelSparsity(network),
      macs: .init(
        before: ModelPruner.multiplyAccumulates(original),
        after: ModelPruner.multiplyAccumulates(network)
      ),
      layers: pruned.layers,
      schedule: pruned.schedule,
      files: [written.densePath, written.sparsePath, written.compressedPath]
    )
    let latency = try lab.lab.pairedLatency(original, network, dataset: data)
    report.latencyChangeMs = latency.interval
    report.classificationBefore = try lab.lab.classificationMetrics(original, on: data)
    report.classificationAfter = try lab.lab.classificationMetrics(network, on: data)
    var seedRuns = [SeedComparison.Run(seed: context.seed, before: before, after: after)]
    let seeds = repeating.seeds(from: context.seed)
    for seed in seeds.dropFirst() {
      seedRuns.append(
        try pruneOnce(
          model,
          spec: expanded,
          data: data,
          recipe: training.recipe(seed: seed),
          settings: settings,
          seeds: seeds.count
        )
      )
    }
    return Outcome(report: report, seedRuns: seedRuns, latency: latency, data: data)
  }

  /// Prunes `network` as `settings` say and fine-tunes it: structured pruning rebuilds a
  /// smaller network and trains it on; magnitude pruning fine-tunes with the masks
  /// re-applied after every step (ramping them when a schedule is given).
  func prune(
    _ network: Network,
    model: ModelDescription,
    data: Dataset,
    recipe: TrainingRecipe,
    settings: Settings
  ) throws -> Pruned {
    let reporter = TrainingReporter(context: context)
    guard settings.structured else {
      var pruned = Pruned(network: network)
      let fine = try ModelPruner.fineTune(
        &pruned.network,
        on: data,
        recipe: recipe,
        epochs: settings.finetuneEpochs,
        sparsity: settings.sparsity,
        global: settings.globalRanking,
        schedule: settings.schedule,
        progress: reporter.handle,
        isCancelled: { InterruptFlag.shared.isRaised }
      )
      if settings.schedule != .oneShot {
        pruned.schedule = .init(
          kind: settings.schedule.rawValue,
          beginStep: fine.beginStep,
          endStep: fine.endStep,
          frequency: fine.frequency,
          steps: fine.steps,
          maskUpdates: fine.maskUpdates.count
        )
      }
      return pruned
    }
    let result = try StructuredPruner.pruneWithReport(network: network, fraction: settings.sparsity)
    var pruned = Pruned(
      network: result.network,
      layers: result.changes.map { .init(name: $0.layer, before: $0.before, after: $0.after) }
    )
    if settings.finetuneEpochs > 0 {
      var trainer = recipe.trainer(loss: NetworkBuilder.loss(for: model, dataset: data))
      trainer.epochs = settings.finetuneEpochs
      do {
        try trainer.fit(
          &pruned.network,
          on: data.train,
          validation: data.test,
          progress: reporter.handle,
          isCancelled: { InterruptFlag.shared.isRaised }
        )
      } catch {
        throw EngineError.unsupported("\(error)")
      }
    }
    return pruned
  }

  /// Trains with `recipe`'s seed (one of `seeds`), prunes and fine-tunes as the main run
  /// does, and measures both (sizes as the main run measures them: the dense safetensors
  /// file of each model).
  func pruneOnce(
    _ model: ModelDescription,
    spec: String,
    data: Dataset,
    recipe: TrainingRecipe,
    settings: Settings,
    seeds: Int
  ) throws -> SeedComparison.Run {
    let trained = try TrainRun(context: context, lab: lab).trainSeed(
      model,
      spec: spec,
      dataset: data,
      recipe: recipe,
      seeds: seeds
    )
    let clock = ContinuousClock()
    let start = clock.now
    let network = try prune(
      trained.trained.network,
      model: model,
      data: data,
      recipe: recipe,
      settings: settings
    ).network
    let seconds = LatencyReport.seconds(clock.now - start)
    var after = try lab.lab.measure(
      network,
      on: data,
      trainSeconds: trained.trained.trainSeconds + seconds
    )
    let metadata = ModelLab.standardMetadata
    var before = trained.measured
    before.sizeBytes = try lab.lab.storedSize(
      StoredForms(network: trained.trained.network, metadata: metadata).dense
    )
    after.sizeBytes = try lab.lab.storedSize(
      StoredForms(network: network, metadata: metadata).dense
    )
    return .init(seed: recipe.seed, before: before, after: after)
  }
}
