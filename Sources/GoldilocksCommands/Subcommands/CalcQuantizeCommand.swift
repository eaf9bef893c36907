import ArgumentParser
import Engine
import Foundation
import Lab
import SpecLanguage
import Terminal

/// `calc quantize`: quantize a trained model and measure before and after.
struct CalcQuantizeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "quantize",
    abstract: "Quantize a trained model and measure before and after.",
    discussion: """
      Trains the fp32 model as `calc train` does (or reuses its cached weights),
      quantizes it after training, writes both to real safetensors files and
      measures each: file size from the bytes written, held-out accuracy of the
      quantized inference path, and batch-1 latency.

      fp16: F16 weights; this CPU computes in fp32 on fp16-rounded weights and
      activations.
      int8: static post-training quantization. Activation ranges are calibrated on
      --calibration training examples; dense and conv2d run in integer arithmetic
      (int8 GEMM, int32 accumulators, requantization); pooling, batch norm and
      softmax run in float on dequantized values. Weights are symmetric int8
      [-127, 127] by default, or uint8 with a zero point with --asymmetric
      (activations then uint8 too).
      int4: packed two per byte (storage only; inference dequantizes to float). An
      analytic-only preset (such as bert-base) gets its size at each precision and
      no measurement, since it cannot be trained here.

      A language model (tiny-gpt) starts from the fp32 model `calc train --steps N`
      trains (or its cached weights) and is quantized weight-only: int8 or int4,
      symmetric, one fp16 scale per --group inputs of each row (default 32), for the
      block matrices and the tied embedding/head. Reported side by side: validation
      loss and perplexity on calc train's fixed windows (the change with a 95 %
      interval over the windows), the bytes of each file written, and generation
      speed with the KV cache in --rounds alternating rounds.
      """
  )

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The model in the spec language (quote it).") var spec: [String]
  @Option(help: "The dataset (see `calc datasets`).") var dataset: String
  @Option(help: "The precision to quantize to.") var to: QuantizationTarget
  @Flag(name: .customLong("per-channel"), help: "One scale per output channel.") var perChannel =
    false
  @Flag(help: "uint8 with a zero point instead of symmetric int8.") var asymmetric = false
  @OptionGroup(title: "Training") var training: TrainingOptions
  @Option(
    parsing: .unconditional,
    help: "Training examples used to calibrate int8 activation ranges."
  )
  var calibration: Int = 256
  @OptionGroup var repeating: RepeatOptions
  @OptionGroup var memory: MemoryOptions
  @Option(
    parsing: .unconditional,
    help: "Language models only: inputs sharing one scale in group-wise int8/int4 (default 32)."
  )
  var group: Int?
  @OptionGroup(title: "Language models") var language: LanguageModelOptions

  struct Report: Encodable {
    let spec: String
    let dataset: String
    let scheme: Scheme
    let before: MeasuredModel
    let after: MeasuredModel
    let files: Files
    let bytes: [String: Int]
    let integerLayers: [String]
    let floatLayers: [String]
    let notes: [String]
    /// Quantized minus fp32 batch-1 latency (ms), from interleaved paired timing rounds.
    var latencyChangeMs: ConfidenceInterval? = nil
    /// Precision, recall, F1 and the confusion matrix of fp32 and quantized (classification).
    var classificationBefore: ClassificationMetrics? = nil
    var classificationAfter: ClassificationMetrics? = nil

    struct Scheme: Encodable {
      let precision: String
      let perChannel: Bool
      let asymmetric: Bool
      let weights: String
      let activations: String?
      let calibrationExamples: Int
    }

    struct Files: Encodable {
      let before: String
      let after: String
    }
  }

  func validate() throws {
    if to == .int8 && calibration < 1 {
      throw GoldilocksError.invalidValue(
        "int8 static quantization needs calibration data: --calibration must be at least 1 training example (got \(calibration)); each layer's activation scale and zero point come from the range it sees on them"
      )
    }
    if to == .fp16 && (perChannel || asymmetric) {
      throw GoldilocksError.invalidValue(
        "fp16 has no scales or zero points; --per-channel and --asymmetric apply to int8 and int4"
      )
    }
  }

  mutating func run() throws {
    let context = CommandContext(global)
    let target = to
    let input = SpecInput(spec)
    let model = try input.model(in: context)
    if let configuration = GPTConfiguration(model: model) {
      try quantizeLanguageModel(model, configuration: configuration, context: context)
      return
    }
    try refuseLanguageModelOptions(for: input.text)
    do {
      try model.requireBuildable(for: "quantize")
    } catch {
      try reportAnalytic(model, target: target, context: context, reason: "\(error)")
      return
    }
    let lab = LabContext(context: context, memoryBudget: try memory.budget())
    let data = try lab.dataset(dataset).fitted(to: model.inputShape.dimensions)
    let recipe = try training.validatedRecipe(seed: context.seed)
    let expanded = (try? ModelSpec.expandedText(input.text)) ?? input.text
    let trained = try TrainRun(context: context, lab: lab).train(
      model,
      spec: expanded,
      dataset: data,
      recipe: recipe
    )
    let sample =
      target == .int8
      ? ModelQuantizer.calibrationSample(
        from: data,
        count: min(calibration, data.train.count),
        seed: context.seed
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
    let directory = context.session.dataDirectory() + "/lab"
    try? FileManager.default.createDirectory(
      atPath: directory,
      withIntermediateDirectories: true
    )
    let stem = ModelLab.runFileStem(
      directory: directory,
      prefix: "quantize",
      key: "\(expanded)|\(dataset)|\(recipe.key)"
    )
    // The files hold the weights alone, in the one form every command measures (see
    // docs/engine-conventions.md, "File size"), so the sizes reported are these files'.
    let metadata = ModelLab.standardMetadata
    let beforePath = stem + "-fp32.safetensors"
    let afterPath =
      stem + "-\(target.rawValue)\(perChannel ? "-pc" : "")\(asymmetric ? "-asym" : "").safetensors"
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
    let notes = Self.notes(quantized, target: target)
    var report = Report(
      spec: expanded,
      dataset: dataset,
      scheme: .init(
        precision: target.rawValue,
        perChannel: perChannel,
        asymmetric: asymmetric,
        weights: Self.weightScheme(target, asymmetric: asymmetric),
        activations: target == .int8 ? (asymmetric ? "uint8 asymmetric" : "int8 asymmetric") : nil,
        calibrationExamples: quantized.calibrationCount
      ),
      before: before,
      after: measuredAfter,
      files: .init(before: beforePath, after: afterPath),
      bytes: Dictionary(uniqueKeysWithValues: breakdown.map { ($0.0.rawValue, $0.1) }),
      integerLayers: quantized.integerLayers,
      floatLayers: quantized.floatLayers,
      notes: notes
    )
    let latency = try lab.lab.pairedLatency(trained.trained.network, quantized, dataset: data)
    report.latencyChangeMs = latency.interval
    report.classificationBefore = try lab.lab.classificationMetrics(
      trained.trained.network,
      on: data
    )
    report.classificationAfter = try lab.lab.classificationMetrics(quantized, on: data)
    var seedRuns = [SeedRun(seed: context.seed, before: before, after: measuredAfter)]
    for seed in repeating.seeds(from: context.seed).dropFirst() {
      seedRuns.append(
        try quantizeOnce(
          model,
          spec: expanded,
          data: data,
          seed: seed,
          target: target,
          context: context,
          lab: lab
        )
      )
    }
    let accuracy = IntervalFormat.accuracyVerdict(
      before: seedRuns.map(\.before.accuracy),
      after: seedRuns.map(\.after.accuracy),
      metric: data.task == .classification ? "accuracy" : "R²"
    )
    lab.record(command: "calc quantize", spec: expanded, result: report)
    let repeated = RepeatedReport(
      report,
      seedRuns: seedRuns,
      accuracy: accuracy.verdict,
      latency: latency,
      regression: data.task == .regression
    )
    if context.json {
      if repeating.isRepeated, let repeated {
        try context.printJSON(repeated)
      } else {
        try context.printJSON(report)
      }
      return
    }
    print(report, context: context, breakdown: breakdown, data: data)
    context.say(
      "Latency, \(target.rawValue) against fp32, timed in alternating rounds: "
        + IntervalFormat.latencyVerdict(latency).sentence + "."
    )
    context.say("Quantized against fp32: " + accuracy.sentence + ".")
    if repeating.isRepeated, let repeated {
      context.say(
        "Over \(seedRuns.count) seeds: fp32 \(IntervalFormat.text(repeated.before.accuracy)), \(target.rawValue) \(IntervalFormat.text(repeated.after.accuracy)) (the table shows seed \(context.seed))."
      )
    }
  }

  private func print(
    _ report: Report,
    context: CommandContext,
    breakdown: [(QuantizedModel.ByteCategory, Int)],
    data: Dataset
  ) {
    let before = report.before
    let after = report.after
    let metric = data.task == .classification ? "accuracy" : "R²"
    let label =
      report.scheme.precision + (perChannel ? " per-channel" : "")
      + (asymmetric ? " asymmetric" : "")
    func percent(_ a: Int, _ b: Int) -> String {
      b == 0 ? "" : String(format: "%.1f%% of fp32", 100 * Double(a) / Double(b))
    }
    let table = TextTable(
      header: ["", "fp32 (before)", "\(label) (after)", "change"],
      rows: [
        [
          "file size", "\(NumberFormat.grouped(before.sizeBytes)) B",
          "\(NumberFormat.grouped(after.sizeBytes)) B", percent(after.sizeBytes, before.sizeBytes),
        ],
        [
          metric, String(format: "%.4f", before.accuracy), String(format: "%.4f", after.accuracy),
          String(format: "%+.2f points", 100 * (after.accuracy - before.accuracy)),
        ],
        [
          "p50 latency", CalcTrainCommand.ms(before.latencyMs.p50),
          CalcTrainCommand.ms(after.latencyMs.p50),
          String(format: "×%.2f", after.latencyMs.p50 / max(before.latencyMs.p50, 1e-9)),
        ],
        [
          "params", NumberFormat.grouped(before.params), NumberFormat.grouped(after.params),
          "same count, fewer bits",
        ],
      ],
      alignments: [.left, .right, .right, .right]
    )
    var classification: [String] = []
    if let first = report.classificationBefore, let second = report.classificationAfter {
      classification.append(
        ClassificationSummary.comparison([("fp32", first), (report.scheme.precision, second)])
      )
      classification += ClassificationSummary.confusion(
        second,
        of: "\(report.scheme.precision) model"
      )
    }
    // On imbalanced data the classification figures lead; accuracy alone misleads there.
    let leads = report.classificationAfter?.isImbalanced() ?? false
    var lines = [
      context.color.apply(.bold, to: "Quantized \(SpecInput(spec).text) on \(dataset) to \(label)")
    ]
    if leads, let second = report.classificationAfter {
      lines += classification + [ClassificationSummary.imbalanceNote(second)]
    }
    lines += [
      table.render(),
      "Where the \(NumberFormat.grouped(after.sizeBytes)) bytes go: "
        + breakdown.map { "\(Self.categoryLabel($0.0)) \(NumberFormat.grouped($0.1))" }
        .joined(separator: ", ") + ".",
    ]
    if !leads { lines += classification }
    lines += report.notes
    lines.append(
      context.color.apply(.dim, to: "files: \(report.files.before), \(report.files.after)")
    )
    context.output.line(lines.joined(separator: "\n"))
  }

  static func categoryLabel(_ category: QuantizedModel.ByteCategory) -> String {
    switch category {
    case .weights: return "weights"
    case .scales: return "weight scales"
    case .zeroPoints: return "zero points"
    case .int32Biases: return "int32 biases"
    case .activationScales: return "activation scales"
    case .float32: return "left in float32"
    case .header: return "file header"
    }
  }

  static func weightScheme(_ target: QuantizationTarget, asymmetric: Bool) -> String {
    switch target {
    case .fp16: return "fp16"
    case .int8: return asymmetric ? "uint8 asymmetric [0, 255]" : "int8 symmetric [-127, 127]"
    case .int4: return asymmetric ? "uint4 asymmetric [0, 15]" : "int4 symmetric [-7, 7]"
    }
  }

  static func notes(_ model: QuantizedModel, target: QuantizationTarget) -> [String] {
    switch target {
    case .fp16:
      return [
        "fp16: weights are stored as F16; this CPU has no fp16 arithmetic, so each layer computes in fp32 on fp16-rounded weights and its output is rounded to fp16 (as CPU runtimes do)."
      ]
    case .int4:
      return [
        "int4 is storage only here: codes are packed two per byte (U8 tensors of ⌈n/2⌉ bytes) and unpacked and dequantized to float for inference, so latency is the float path's."
      ]
    case .int8:
      var lines = [
        "Integer arithmetic: \(model.integerLayers.joined(separator: ", ")) (int8 GEMM, int32 accumulators, requantized per layer; activations calibrated on \(model.calibrationCount) training examples)."
      ]
      // Only a layer with weights has a kernel to store in 8 bits; pooling, normalisation
      // without weights and the like simply run in float.
      let weighted = Set(model.source.layers.filter { !$0.weights.isEmpty }.map(\.name))
      let withKernels = model.floatLayers.filter { weighted.contains($0) }
      let withoutWeights = model.floatLayers.filter { !weighted.contains($0) }
      if !withKernels.isEmpty {
        lines.append(
          "Float on dequantized values: \(withKernels.joined(separator: ", ")) (their kernels are stored in 8 bits and dequantized)."
        )
      }
      if !withoutWeights.isEmpty {
        lines.append(
          "Float, with no weights to quantize: \(withoutWeights.joined(separator: ", ")) (they run on float values between the integer layers)."
        )
      }
      return lines
    }
  }

  /// Size answers for a model that cannot be trained here.
  private func reportAnalytic(
    _ model: ModelDescription,
    target: QuantizationTarget,
    context: CommandContext,
    reason: String
  ) throws {
    let bytes: [(String, Int64)] = [
      ("fp32", model.bytes.fp32), ("fp16", model.bytes.fp16), ("int8", model.bytes.int8),
      ("int4", model.bytes.int4),
    ]
    let message =
      "\(SpecInput(spec).text) is analytic-only: it cannot be trained or run here, so quantize cannot measure its accuracy or latency; these are its weight bytes at each precision (from `calc summary`), without scales, zero points or file header."
    if context.json {
      struct Analytic: Encodable {
        let spec: String
        let measured: Bool
        let params: Int64
        let bytes: [String: Int64]
        let target: String
        let message: String
      }
      try context.printJSON(
        Analytic(
          spec: model.spec,
          measured: false,
          params: model.totalParameters,
          bytes: Dictionary(uniqueKeysWithValues: bytes),
          target: target.rawValue,
          message: message
        )
      )
      return
    }
    let table = TextTable(
      header: ["precision", "weight bytes", "vs fp32"],
      rows: bytes.map { name, value in
        [
          name + (name == target.rawValue ? " ←" : ""), NumberFormat.grouped(value),
          String(format: "%.1f%%", 100 * Double(value) / Double(max(model.bytes.fp32, 1))),
        ]
      },
      alignments: [.left, .right, .right]
    )
    context.output.line(
      [
        context.color.apply(
          .bold,
          to: "\(SpecInput(spec).text): \(NumberFormat.grouped(model.totalParameters)) parameters"
        ),
        table.render(),
        message,
      ].joined(separator: "\n")
    )
  }
}
