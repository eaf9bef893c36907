import Engine
import Foundation
import Lab
import Terminal

extension CalcPruneCommand {
  /// The unpruned and pruned model of one more seed, for `--repeats`.
  struct SeedRun {
    let seed: UInt64
    let before: MeasuredModel
    let after: MeasuredModel
  }

  /// Trains with `seed`, prunes and fine-tunes as the main run does, and measures both.
  func pruneOnce(
    _ model: ModelDescription,
    spec: String,
    data: Dataset,
    seed: UInt64,
    schedule: ModelPruner.Schedule,
    context: CommandContext,
    lab: LabContext
  ) throws -> SeedRun {
    let recipe = training.recipe(seed: seed)
    let trained = try TrainRun(context: context, lab: lab).train(
      model,
      spec: spec,
      dataset: data,
      recipe: recipe
    )
    guard trained.trained.fromCache || trained.trained.completedEpochs >= recipe.epochs else {
      throw GoldilocksError.invalidValue(
        "stopped while training with seed \(seed); nothing over the seeds was reported (finished seeds are cached)"
      )
    }
    var network = trained.trained.network
    let reporter = TrainingReporter(context: context)
    let clock = ContinuousClock()
    let start = clock.now
    if structured {
      network = try StructuredPruner.pruneWithReport(network: network, fraction: sparsity).network
      if finetuneEpochs > 0 {
        var trainer = recipe.trainer(loss: NetworkBuilder.loss(for: model, dataset: data))
        trainer.epochs = finetuneEpochs
        do {
          try trainer.fit(
            &network,
            on: data.train,
            validation: data.test,
            progress: reporter.handle,
            isCancelled: { InterruptFlag.shared.isRaised }
          )
        } catch {
          throw EngineError.unsupported("\(error)")
        }
      }
    } else {
      _ = try ModelPruner.fineTune(
        &network,
        on: data,
        recipe: recipe,
        epochs: finetuneEpochs,
        sparsity: sparsity,
        global: globalRanking,
        schedule: schedule,
        progress: reporter.handle,
        isCancelled: { InterruptFlag.shared.isRaised }
      )
    }
    let seconds = LatencyReport.seconds(clock.now - start)
    var after = try lab.lab.measure(
      network,
      on: data,
      trainSeconds: trained.trained.trainSeconds + seconds
    )
    // Sizes as the main run measures them: the dense safetensors file of each model.
    let metadata = ModelLab.standardMetadata
    var before = trained.measured
    before.sizeBytes = try lab.lab.storedSize(
      StoredForms(network: trained.trained.network, metadata: metadata).dense
    )
    after.sizeBytes = try lab.lab.storedSize(
      StoredForms(network: network, metadata: metadata).dense
    )
    return SeedRun(seed: seed, before: before, after: after)
  }

  /// What `--json` prints with `--repeats`: before and after as 95 % intervals over the
  /// seeds, the paired accuracy difference and its verdict, and the first seed's detail.
  struct RepeatedReport: Encodable {
    let spec: String
    let dataset: String
    let method: String
    let sparsity: Double
    let seeds: [UInt64]
    let before: RepeatedMeasuredModel
    let after: RepeatedMeasuredModel
    /// Pruned minus unpruned accuracy, in points, paired by seed.
    let accuracyDifferencePoints: ConfidenceInterval?
    /// Pruned minus unpruned batch-1 latency (ms), interleaved rounds, first seed.
    let latencyChangeMs: ConfidenceInterval?
    /// "more accurate", "less accurate", "no measurable difference" or "one run".
    let accuracyVerdict: String
    /// "faster", "slower", "no measurable difference" or "one run".
    let latencyVerdict: String
  }

  static func word(_ verdict: Verdict, better: String, worse: String) -> String {
    switch verdict {
    case .better: better
    case .worse: worse
    case .noMeasurableDifference: "no measurable difference"
    case .notMeasured: "one run"
    }
  }
}
