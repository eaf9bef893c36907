import Engine
import Foundation
import Lab

/// `calc quantize` for a classification or regression model: trains the model as
/// `calc train` does (or reuses its cached weights), quantizes it (calibrating int8
/// activations on training examples), writes both weight files and measures both models.
struct QuantizeRun {
  let context: CommandContext
  let lab: LabContext

  /// The scheme to quantize with.
  struct Settings {
    /// fp16, int8 or int4.
    let target: QuantizationTarget
    /// One scale per output channel instead of one per tensor.
    let perChannel: Bool
    /// Zero points (uint8/uint4 codes) instead of symmetric codes.
    let asymmetric: Bool
    /// Training examples that calibrate the int8 activation ranges.
    let calibration: Int
  }

  /// The first seed's report, every seed's fp32 and quantized figures, the paired latency
  /// and the verdicts.
  struct Outcome {
    let report: QuantizeReport
    let seedRuns: [SeedComparison.Run]
    let latency: MeasuredDifference
    /// The quantized file's bytes by kind.
    let breakdown: [(QuantizedModel.ByteCategory, Int)]
    let data: Dataset

    /// fp32 against quantized, seed by seed, with the interleaved latency of the first.
    var comparison: SeedComparison {
      SeedComparison(runs: seedRuns, regression: data.task == .regression, interleaved: latency)
    }
  }

  /// Quantizes `model` trained on `datasetName`, over the seeds `repeating` asks for.
  func run(
    _ model: ModelDescription,
    spec input: SpecInput,
    datasetName: String,
    settings: Settings,
    training: TrainingOptions,
    repeating: RepeatOptions
  ) throws -> Outcome {
    let target = settings.target
    let data = try lab.dataset(datasetName).fitted(to: model.inputShape.dimensions)
    let recipe = try training.validatedRecipe(seed: context.seed)
    let expanded = input.expandedText
    let trained = try TrainRun(context: context, lab: lab).train(
      model,
      spec: expanded,
      dataset: data,
      recipe: recipe
    )
    let quantized = try quantize(
      trained.trained.network,
      data: data,
      seed: context.seed,
      settings: settings
    )
    let after = try quantized.measure(
      on: data,
      lab: lab.lab,
      trainSeconds: trained.trained.trainSeconds
    )
    let stem = lab.runFileStem(
      prefix: "quantize",
      key: "\(expanded)|\(datasetName)|\(recipe.key)"
    )
    // The files hold the weights alone, in the one form every command measures (see
    // docs/engine-conventions.md, "File size"), so the sizes reported are these files'.
    let metadata = ModelLab.standardMetadata
    let beforePath = stem + "-fp32.safetensors"
    let afterPath =
      stem
      + "-\(target.rawValue)\(settings.perChannel ? "-pc" : "")\(settings.asymmetric ? "-asym" : "").safetensors"
    let beforeSize = try lab.lab.weightFile(trained.trained.network, metadata: metadata)
      .write(to: beforePath, overwrite: true)
    let afterSize = try quantized.storedFile(metadata: metadata).write(
      to: afterPath,
      overwrite: true
    )
    var before = trained.measured
    before.sizeBytes = beforeSize
    var measuredAfter = after
    measuredAfter.sizeBytes = afterSize
    let breakdown = quantized.byteBreakdown(fileSize: afterSize)
    var report = QuantizeReport(
      spec: expanded,
      dataset: datasetName,
      scheme: .init(
        precision: target.rawValue,
        perChannel: settings.perChannel,
        asymmetric: settings.asymmetric,
        weights: QuantizeReport.weightScheme(target, asymmetric: settings.asymmetric),
        activations: target == .int8
          ? (settings.asymmetric ? "uint8 asymmetric" : "int8 asymmetric") : nil,
        calibrationExamples: quantized.calibrationCount
      ),
      before: before,
      after: measuredAfter,
      files: .init(before: beforePath, after: afterPath),
      bytes: Dictionary(uniqueKeysWithValues: breakdown.map { ($0.0.rawValue, $0.1) }),
      integerLayers: quantized.integerLayers,
      floatLayers: quantized.floatLayers,
      notes: QuantizeReport.notes(quantized, target: target)
    )
    let latency = try lab.lab.pairedLatency(trained.trained.network, quantized, dataset: data)
    report.latencyChangeMs = latency.interval
    report.classificationBefore = try lab.lab.classificationMetrics(
      trained.trained.network,
      on: data
    )
    report.classificationAfter = try lab.lab.classificationMetrics(quantized, on: data)
    var seedRuns = [
      SeedComparison.Run(seed: context.seed, before: before, after: measuredAfter)
    ]
    let seeds = repeating.seeds(from: context.seed)
    for seed in seeds.dropFirst() {
      seedRuns.append(
        try quantizeOnce(
          model,
          spec: expanded,
          data: data,
          recipe: training.recipe(seed: seed),
          settings: settings,
          seeds: seeds.count
        )
      )
    }
    return Outcome(
      report: report,
      seedRuns: seedRuns,
      latency: latency,
      breakdown: breakdown,
      data: data
    )
  }

  /// `network` quantized with `settings`; int8 calibrates on a sample of the training
  /// split drawn with `seed`.
  func quantize(
    _ network: Network,
    data: Dataset,
    seed: UInt64,
    settings: Settings
  ) throws -> QuantizedModel {
    let sample =
      settings.target == .int8
      ? ModelQuantizer.calibrationSample(
        from: data,
        count: min(settings.calibration, data.train.count),
        seed: seed
      ) : nil
    return try ModelQuantizer.quantize(
      network: network,
      target: settings.target,
      perChannel: settings.perChannel,
      asymmetric: settings.asymmetric,
      calibration: sample
    )
  }

  /// Trains with `recipe`'s seed (one of `seeds`), quantizes as the main run does, and
  /// measures both.
  func quantizeOnce(
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
    let quantized = try quantize(
      trained.trained.network,
      data: data,
      seed: recipe.seed,
      settings: settings
    )
    let after = try quantized.measure(
      on: data,
      lab: lab.lab,
      trainSeconds: trained.trained.trainSeconds
    )
    return .init(seed: recipe.seed, before: trained.measured, after: after)
  }
}
