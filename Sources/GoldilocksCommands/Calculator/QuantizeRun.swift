import Engine
import Foundation
import Lab
import SpecLanguage

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
    let seedRuns: [QuantizeReport.SeedRun]
    /// The intervals over the seeds; `nil` when some figure is missing for one.
    let repeated: QuantizeReport.Repeated?
    let latency: MeasuredDifference
    let accuracy: (verdict: Verdict, sentence: String)
    /// The quantized file's bytes by kind.
    let breakdown: [(QuantizedModel.ByteCategory, Int)]
    let data: Dataset
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
    let expanded = (try? ModelSpec.expandedText(input.text)) ?? input.text
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
    let directory = context.session.dataDirectory() + "/lab"
    try? FileManager.default.createDirectory(
      atPath: directory,
      withIntermediateDirectories: true
    )
    let stem = ModelLab.runFileStem(
      directory: directory,
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
      QuantizeReport.SeedRun(seed: context.seed, before: before, after: measuredAfter)
    ]
    for seed in repeating.seeds(from: context.seed).dropFirst() {
      seedRuns.append(
        try quantizeOnce(
          model,
          spec: expanded,
          data: data,
          seed: seed,
          recipe: training.recipe(seed: seed),
          settings: settings
        )
      )
    }
    let accuracy = IntervalFormat.accuracyVerdict(
      before: seedRuns.map(\.before.accuracy),
      after: seedRuns.map(\.after.accuracy),
      metric: data.task == .classification ? "accuracy" : "R²"
    )
    return Outcome(
      report: report,
      seedRuns: seedRuns,
      repeated: QuantizeReport.Repeated(
        report,
        seedRuns: seedRuns,
        accuracy: accuracy.verdict,
        latency: latency,
        regression: data.task == .regression
      ),
      latency: latency,
      accuracy: accuracy,
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

  /// Trains with `seed`, quantizes as the main run does, and measures both.
  func quantizeOnce(
    _ model: ModelDescription,
    spec: String,
    data: Dataset,
    seed: UInt64,
    recipe: TrainingRecipe,
    settings: Settings
  ) throws -> QuantizeReport.SeedRun {
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
    let quantized = try quantize(
      trained.trained.network,
      data: data,
      seed: seed,
      settings: settings
    )
    let after = try quantized.measure(
      on: data,
      lab: lab.lab,
      trainSeconds: trained.trained.trainSeconds
    )
    return .init(seed: seed, before: trained.measured, after: after)
  }
}
