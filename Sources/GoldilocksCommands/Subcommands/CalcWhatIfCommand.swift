import ArgumentParser
import Engine
import Foundation
import Lab
import SpecLanguage
import Terminal

/// `calc whatif`: change a model and measure both: params, size, memory, accuracy, latency.
struct CalcWhatIfCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "whatif",
    abstract: "Change a model and measure both: params, size, memory, accuracy, latency.",
    discussion: WhatIfRun.changesHelp
  )

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The model, then changes such as width=x2, depth=+1, quantize=int8.")
  var words: [String]
  @Option(help: "The dataset (default: the bundled set that fits the input).") var dataset: String?
  @OptionGroup(title: "Training") var training: TrainingOptions
  @OptionGroup var repeating: RepeatOptions
  @OptionGroup var memory: MemoryOptions

  /// The serving changes at the end of the words (`context=8192`), if any.
  private var servingWords: [String] {
    Array(words.reversed().prefix { ServeSettings.isChange($0) }.reversed())
  }

  func validate() throws {
    guard !servingWords.isEmpty else { return }
    guard !repeating.isRepeated else {
      throw GoldilocksError.invalidValue(
        "--repeats is not available for serving what-ifs: their figures are computed from the architecture, not measured over seeds; drop --repeats"
      )
    }
    if let flag = training.given.first {
      throw GoldilocksError.invalidValue(
        "\(flag) sets how models are trained; a serving what-if computes its figures from the architecture and trains nothing: drop \(flag)"
      )
    }
  }

  mutating func run() throws {
    let context = CommandContext(global)
    let servingWords = servingWords
    if !servingWords.isEmpty {
      try ServeComparison(context: context).whatIf(
        modelWords: Array(words.dropLast(servingWords.count)),
        changes: servingWords
      )
      return
    }
    let changeWords = Array(words.reversed().prefix { WhatIfChange.looksLikeChange($0) }.reversed())
    let specWords = Array(words.dropLast(changeWords.count))
    guard !specWords.isEmpty else {
      throw GoldilocksError.invalidValue(
        "give the model first, then the changes, e.g. calc whatif seed-mlp width=x2"
      )
    }
    // A misspelt change (`widht=x2`) would otherwise be read as a spec term.
    if specWords.count > 1, let last = specWords.last, last.contains("="), !last.contains("(") {
      _ = try WhatIfChange.parse(last)
    }
    try WhatIfRun(context: context, memoryBudget: try memory.budget()).run(
      spec: SpecInput(specWords),
      changes: changeWords,
      datasetName: dataset,
      recipe: try training.validatedRecipe(seed: context.seed),
      repeats: repeating.repeats
    )
  }
}

/// A what-if: the model before and after the changes, each trained (or loaded from the
/// cache) and measured, then compared.
struct WhatIfRun {
  let context: CommandContext
  /// The most memory one model may take (`--memory-budget`, or a share of the machine's).
  var memoryBudget = MemoryBudget.physical()

  static let changesHelp = """
    Changes, applied in order:
      width=x2, width=x0.5   multiply the units or filters of every hidden layer
                             (the output layer keeps its size)
      depth=+1, depth=-1     repeat or remove the last hidden layer
      layer=N:TERM           replace term N; term 1 is the input, so layer=2:dense(256,relu)
                             replaces the first layer
      features=K             keep the K input features with the highest ANOVA F on the
                             training split (SelectKBest(f_classif)); input(N) becomes input(K)
      dataset=NAME           train and measure the changed model on another dataset
      quantize=fp16|int8|int4, prune=S, structured-prune=S
                             compress the trained model
    Without --dataset the bundled set that fits the input is used: mnist for 784 or
    28x28x1, digits for 64 or 8x8x1, iris for 4, breast-cancer for 30.
    """

  /// One side of the comparison.
  struct Side: Encodable {
    let spec: String
    let dataset: String
    let measured: MeasuredModel
    let memory: ModelSummary.Memory
    let fromCache: Bool
    /// The model as it runs, for interleaved latency timing (not encoded).
    var runnable: Runnable? = nil

    enum CodingKeys: String, CodingKey {
      case spec, dataset, measured, memory, fromCache
    }
  }

  /// A measured model that can still be run: its network (for shapes), how it predicts
  /// (the quantized path when quantized), and the data it was measured on.
  struct Runnable: Sendable {
    let network: Network
    let predict: @Sendable (Tensor) throws -> Tensor
    let data: Dataset
  }

  /// What `--json` prints with `--repeats` beside the intervals: the report without
  /// `before` and `after`.
  struct Described: Encodable {
    let changes: [String]
    let beforeSpec: String
    let afterSpec: String
    let beforeDataset: String
    let afterDataset: String
    let memory: [String: ModelSummary.Memory]
  }

  /// What `--json` prints.
  struct Report: Encodable {
    let before: MeasuredModel
    let after: MeasuredModel
    let changes: [String]
    let beforeSpec: String
    let afterSpec: String
    let beforeDataset: String
    let afterDataset: String
    let memory: [String: ModelSummary.Memory]
  }

  func run(
    spec: SpecInput,
    changes words: [String],
    datasetName: String?,
    recipe template: TrainingRecipe,
    repeats: Int = 1
  ) throws {
    guard !words.isEmpty else {
      throw GoldilocksError.invalidValue(
        "give at least one change after the model, e.g. width=x2 or depth=+1 (see --help)"
      )
    }
    let changes = try words.map { try WhatIfChange.parse($0) }
    let model = try spec.model(in: context)
    if model.isAnalyticOnly {
      let name = model.presetName ?? "this model"
      if GPTConfiguration(model: model) != nil {
        throw GoldilocksError.invalidValue(
          "\(name) is a language model, trained in steps (calc train \(LanguageModelRun.argument(of: model)) --dataset shakespeare --steps N); calc whatif cannot change its width or depth and retrain it yet: train each version with calc train, or change how it is served: \(ServeSettings.keys.map { "\($0)=" }.joined(separator: ", "))"
        )
      }
      throw GoldilocksError.invalidValue(
        "\(name) is described, not trained here, so its width, depth or layers cannot be changed and retrained; calc whatif changes how it is served instead: \(ServeSettings.keys.map { "\($0)=" }.joined(separator: ", ")) (e.g. calc whatif \(name) precision=int4 context=x4)"
      )
    }
    let lab = LabContext(context: context, memoryBudget: memoryBudget)
    let beforeSpec = spec.expandedText
    let beforeData = try Self.dataset(named: datasetName, for: model, lab: lab)
    var terms = SpecRewriter.terms(beforeSpec)
    var afterData = beforeData
    var features: Int?
    var compressions: [WhatIfChange] = []
    for change in changes {
      switch change {
      case .width(let factor): terms = try SpecRewriter.scaleWidth(terms, by: factor)
      case .depth(let delta): terms = try SpecRewriter.changeDepth(terms, by: delta)
      case .layer(let term, let text):
        terms = try SpecRewriter.replace(terms, term: term, with: text)
      case .features(let k):
        terms = try SpecRewriter.setInputFeatures(terms, to: k)
        features = k
      case .dataset(let name): afterData = try lab.dataset(name)
      case .quantize, .prune, .structuredPrune: compressions.append(change)
      }
    }
    let afterSpec = SpecRewriter.text(terms)
    let afterModel: ModelDescription
    do {
      afterModel = try ModelSpec.parse(afterSpec)
    } catch {
      throw GoldilocksError.invalidValue(
        "after \(words.joined(separator: " ")) the model is `\(afterSpec)`, which does not work: \(error)"
      )
    }
    if let features {
      let flat = afterData.fitted(to: [afterData.featureShape.reduce(1, *)])
      afterData = try flat.selectingFeatures(features).0
    }
    let reporter = StageReporter(context: context)
    let seeds = (0..<UInt64(max(1, repeats))).map { context.seed &+ $0 }
    var sides: [(before: Side, after: Side)] = []
    for seed in seeds {
      var recipe = template
      recipe.seed = seed
      let before = try train(model, spec: beforeSpec, data: beforeData, recipe: recipe, lab: lab) {
        reporter.handle(stage: "model before (\(beforeSpec))", event: $0)
      }
      let after = try train(
        afterModel,
        spec: afterSpec,
        data: afterData,
        recipe: recipe,
        lab: lab,
        compressions: compressions
      ) {
        reporter.handle(stage: "model after (\(afterSpec))", event: $0)
      }
      sides.append((before, after))
    }
    let (before, after) = sides[0]
    var comparison = SeedComparison(
      before: sides.map(\.before.measured),
      after: sides.map(\.after.measured),
      seeds: seeds,
      regression: afterData.task == .regression
    )
    if let first = before.runnable, let second = after.runnable {
      comparison.interleavedLatency = try lab.lab.pairedLatency(
        (first.network, first.predict, first.data),
        (second.network, second.predict, second.data)
      )
    }
    let report = Report(
      before: before.measured,
      after: after.measured,
      changes: changes.map(\.description),
      beforeSpec: beforeSpec,
      afterSpec: afterSpec,
      beforeDataset: before.dataset,
      afterDataset: after.dataset,
      memory: ["before": before.memory, "after": after.memory]
    )
    lab.record(command: "calc whatif", spec: beforeSpec, result: report)
    if context.json {
      let described = Described(
        changes: report.changes,
        beforeSpec: beforeSpec,
        afterSpec: afterSpec,
        beforeDataset: report.beforeDataset,
        afterDataset: report.afterDataset,
        memory: report.memory
      )
      if seeds.count > 1, let repeated = comparison.report(extra: described) {
        try context.printJSON(repeated)
      } else {
        try context.printJSON(report)
      }
      return
    }
    print(before: before, after: after, changes: changes)
    for line in comparison.sentences(before: "before", after: "after") { context.say(line) }
  }

  /// The dataset a model is trained on: the one named, or the bundled one that fits its input.
  static func dataset(named name: String?, for model: ModelDescription, lab: LabContext) throws
    -> Dataset
  {
    let input = model.inputShape.dimensions
    guard let name = name ?? Dataset.defaultName(forInput: input) else {
      throw GoldilocksError.invalidValue(
        "no bundled dataset has examples of shape \(NumberFormat.shape(input)); give --dataset (see `calc datasets`)"
      )
    }
    return try lab.dataset(name).fitted(to: input)
  }

  func train(
    _ model: ModelDescription,
    spec: String,
    data: Dataset,
    recipe: TrainingRecipe,
    lab: LabContext,
    compressions: [WhatIfChange] = [],
    progress: (TrainingEvent) -> Void
  ) throws -> Side {
    if !context.session.isREPL { InterruptFlag.installHandler() }
    InterruptFlag.shared.clear()
    defer { InterruptFlag.shared.clear() }
    let data = data.fitted(to: model.inputShape.dimensions)
    let trained = try lab.lab.train(
      model,
      spec: spec,
      on: data,
      recipe: recipe,
      progress: progress,
      isCancelled: { InterruptFlag.shared.isRaised }
    )
    guard trained.fromCache || trained.completedEpochs >= recipe.epochs else {
      throw GoldilocksError.invalidValue("stopped while training `\(spec)`; nothing was compared")
    }
    let compressed = try compress(trained, data: data, lab: lab.lab, changes: compressions)
    return Side(
      spec: spec,
      dataset: data.name,
      measured: compressed.measured,
      memory: Self.memory(of: model, weightBytes: compressed.weightBytes),
      fromCache: trained.fromCache,
      runnable: compressed.runnable
    )
  }

  /// The model's memory figures with its inference weights taking `weightBytes`.
  ///
  /// The weights are the quantized codes and scales, or what structured pruning kept,
  /// instead of fp32. Training memory stays the fp32 figure: the model is trained before it is compressed.
  static func memory(of model: ModelDescription, weightBytes: Int64?) -> ModelSummary.Memory {
    guard let weightBytes else { return model.memory }
    let activations = model.memory.inferenceBytes - model.bytes.fp32
    return ModelSummary.Memory(
      inferenceBytes: activations + weightBytes,
      trainingBytes: model.memory.trainingBytes
    )
  }

  /// Measures the trained model after the compression changes, in order.
  ///
  /// Pruning is one-shot (no fine-tuning) and its size is the zlib-compressed file, where
  /// the zeros pay off; structured pruning removes units, so its dense file shrinks;
  /// quantization is measured on its stored form and its integer (or fp16) path.
  func compress(
    _ trained: ModelLab.TrainedModel,
    data: Dataset,
    lab: ModelLab,
    changes: [WhatIfChange]
  ) throws -> (measured: MeasuredModel, runnable: Runnable, weightBytes: Int64?) {
    var network = trained.network
    var compressedSize = false
    var weightBytes: Int64?
    for change in changes {
      switch change {
      case .prune(let sparsity):
        network = try ModelPruner.prune(network: network, sparsity: sparsity, global: false)
        compressedSize = true
      case .structuredPrune(let fraction):
        network = try StructuredPruner.prune(network: network, fraction: fraction)
        weightBytes = Int64(network.parameterCount) * 4
      case .quantize(let format):
        guard change == changes.last, let target = QuantizationTarget(rawValue: format) else {
          throw GoldilocksError.invalidValue("put quantize=\(format) last: it is the final form")
        }
        let quantized = try ModelQuantizer.quantize(
          network: network,
          target: target,
          calibration: ModelQuantizer.calibrationSample(from: data, count: 256, seed: context.seed)
        )
        let measured = try quantized.measure(
          on: data,
          lab: lab,
          trainSeconds: trained.trainSeconds
        )
        return (
          measured,
          Runnable(network: network, predict: { try quantized.predict($0) }, data: data),
          Int64(quantized.payloadBytes.values.reduce(0, +))
        )
      default:
        break
      }
    }
    var measured = try lab.measure(network, on: data, trainSeconds: trained.trainSeconds)
    if compressedSize {
      measured.sizeBytes = try StoredForms(network: network).compressed.count
    }
    let final = network
    return (
      measured,
      Runnable(network: final, predict: { try final.predict($0) }, data: data),
      weightBytes
    )
  }

  func print(before: Side, after: Side, changes: [WhatIfChange]) {
    let b = before.measured
    let a = after.measured
    func count(_ value: Int) -> String { NumberFormat.grouped(value) }
    func delta(_ old: Double, _ new: Double, _ grouped: Bool) -> String {
      let difference = new - old
      let sign = difference >= 0 ? "+" : "-"
      let amount =
        grouped
        ? NumberFormat.grouped(Int64(abs(difference).rounded()))
        : String(format: "%.3f ms", abs(difference))
      guard old != 0 else { return sign + amount }
      return sign + amount + String(format: " (%+.1f%%)", difference / old * 100)
    }
    let rows: [[String]] = [
      [
        "params", count(b.params), count(a.params), delta(Double(b.params), Double(a.params), true),
      ],
      [
        "file size (bytes)", count(b.sizeBytes), count(a.sizeBytes),
        delta(Double(b.sizeBytes), Double(a.sizeBytes), true),
      ],
      [
        "memory, inference (bytes)", NumberFormat.grouped(before.memory.inferenceBytes),
        NumberFormat.grouped(after.memory.inferenceBytes),
        delta(Double(before.memory.inferenceBytes), Double(after.memory.inferenceBytes), true),
      ],
      [
        "memory, training (bytes)", NumberFormat.grouped(before.memory.trainingBytes),
        NumberFormat.grouped(after.memory.trainingBytes),
        delta(Double(before.memory.trainingBytes), Double(after.memory.trainingBytes), true),
      ],
      [
        "accuracy", String(format: "%.4f", b.accuracy), String(format: "%.4f", a.accuracy),
        String(format: "%+.2f points", (a.accuracy - b.accuracy) * 100),
      ],
      [
        "p50 latency, batch 1", NumberFormat.milliseconds(b.latencyMs.p50),
        NumberFormat.milliseconds(a.latencyMs.p50), delta(b.latencyMs.p50, a.latencyMs.p50, false),
      ],
    ]
    let table = TextTable(
      header: ["", "before", "after", "change"],
      rows: rows,
      alignments: [.left, .right, .right, .right]
    )
    let cached = { (side: Side) in
      side.fromCache ? context.color.apply(.dim, to: " (weights from the cache)") : ""
    }
    context.output.line(
      context.color.apply(
        .bold,
        to: "What if: \(changes.map(\.description).joined(separator: " "))"
      )
    )
    context.output.line("  before: \(before.spec) on \(before.dataset)" + cached(before))
    context.output.line("  after:  \(after.spec) on \(after.dataset)" + cached(after))
    context.output.line(table.render())
  }
}
