import Engine
import Foundation
import Lab

extension CalcQuantizeCommand {
  /// The fp32 and quantized model of one seed, for `--repeats`.
  struct SeedRun {
    let seed: UInt64
    let before: MeasuredModel
    let after: MeasuredModel
  }

  /// Trains with `seed`, quantizes as the main run does, and measures both.
  func quantizeOnce(
    _ model: ModelDescription,
    spec: String,
    data: Dataset,
    seed: UInt64,
    target: QuantizationTarget,
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
    let sample =
      target == .int8
      ? ModelQuantizer.calibrationSample(
        from: data,
        count: min(calibration, data.train.count),
        seed: seed
      ) : nil
    let quantized = try ModelQuantizer.quantize(
      network: trained.trained.network,
      target: target,
      perChannel: perChannel,
      asymmetric: asymmetric,
      calibration: sample
    )
    let after = try quantized.measure(
      on: data,
      lab: lab.lab,
      trainSeconds: trained.trained.trainSeconds
    )
    return SeedRun(seed: seed, before: trained.measured, after: after)
  }

  /// What `--json` prints with `--repeats`: fp32 and quantized figures as 95 % intervals
  /// over the seeds, the paired accuracy difference and both verdicts.
  struct RepeatedReport: Encodable {
    let spec: String
    let dataset: String
    let scheme: Report.Scheme
    let seeds: [UInt64]
    let before: RepeatedMeasuredModel
    let after: RepeatedMeasuredModel
    /// Quantized minus fp32 accuracy, in points, paired by seed.
    let accuracyDifferencePoints: ConfidenceInterval?
    /// Quantized minus fp32 batch-1 latency (ms), interleaved rounds, first seed.
    let latencyChangeMs: ConfidenceInterval?
    /// "more accurate", "less accurate", "no measurable difference" or "one run".
    let accuracyVerdict: String
    /// "faster", "slower", "no measurable difference" or "one run".
    let latencyVerdict: String

    init?(
      _ report: Report,
      seedRuns: [SeedRun],
      accuracy: Verdict,
      latency: MeasuredDifference,
      regression: Bool
    ) {
      guard let before = RepeatedMeasuredModel(seedRuns.map(\.before), regression: regression),
        let after = RepeatedMeasuredModel(seedRuns.map(\.after), regression: regression)
      else { return nil }
      spec = report.spec
      dataset = report.dataset
      scheme = report.scheme
      seeds = seedRuns.map(\.seed)
      self.before = before
      self.after = after
      accuracyDifferencePoints = accuracy.interval
      latencyChangeMs = latency.interval
      accuracyVerdict = IntervalFormat.word(
        accuracy,
        better: "more accurate",
        worse: "less accurate"
      )
      latencyVerdict = IntervalFormat.word(
        latency.verdict(higherIsBetter: false),
        better: "faster",
        worse: "slower"
      )
    }
  }
}
