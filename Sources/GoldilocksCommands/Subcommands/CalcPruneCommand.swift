import ArgumentParser
import Engine
import Foundation
import Lab
import SpecLanguage
import Terminal

/// `calc prune`: prune a trained model and measure before and after.
struct CalcPruneCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "prune",
    abstract: "Prune a trained model and measure before and after.",
    discussion: """
      Trains the model as `calc train` does (or reuses its cached weights), prunes
      it and fine-tunes with the masks re-applied after every optimizer step, then
      writes the pruned weights three ways (dense safetensors, sparse safetensors
      with CSR or bitmask per tensor, and the dense file through zlib) and
      measures each file.

      Magnitude pruning zeroes the kernel weights with the smallest |w|, per layer
      or, with --global, with one threshold across layers. Zeros stored densely
      still take 4 bytes and a dense kernel multiplies them anyway: only the
      sparse and compressed files shrink. --structured removes whole neurons or
      filters (lowest L2 norm of their incoming weights) and rebuilds a smaller
      network, so parameters, file and latency all shrink; the output layer is
      never pruned.

      --schedule ramps sparsity during fine-tuning with TF-MOT's semantics (begin
      step 0, frequency max(1, min(100, steps/10)); polynomial: power 3 from 0 to
      S, ending at the last multiple of the frequency within the first 3/4 of the
      steps; constant: S from step 0, no end). Without it, the model is pruned
      once before fine-tuning.

      A language model (tiny-gpt) starts from the fp32 model `calc train --steps N`
      trains (or its cached weights). Magnitude pruning zeroes the smallest weights
      of the blocks' linear layers (the embedding, biases and norms are kept) and is
      stored sparse (bitmask + values); --structured removes whole attention heads
      and MLP features per block (--units heads|mlp|both, the fraction --sparsity
      of each, lowest L2 norm) and stores the smaller model. --finetune-steps N
      fine-tunes afterwards. Reported side by side: validation loss and perplexity
      (the change with a 95 % interval over the fixed windows), parameters, nonzero
      parameters, file bytes and generation speed in --rounds alternating rounds.
      """
  )

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The model in the spec language (quote it).") var spec: [String]
  @Option(help: "The dataset (see `calc datasets`).") var dataset: String
  @Option(parsing: .unconditional, help: "Fraction of weights to remove, in [0, 1).") var sparsity:
    Double
  @Flag(help: "Remove whole neurons or filters.") var structured = false
  @Flag(name: .customLong("global"), help: "Rank weights across all layers at once.")
  var globalRanking = false
  @Option(help: "Ramp sparsity during fine-tuning (default: prune once).")
  var schedule: PruneSchedule?
  @Option(
    name: .customLong("finetune-epochs"),
    parsing: .unconditional,
    help: "Epochs of fine-tuning with masks (default 2)."
  )
  var givenFinetuneEpochs: Int?
  /// Epochs of masked fine-tuning: the option's value, 2 when it is not given.
  var finetuneEpochs: Int { givenFinetuneEpochs ?? 2 }
  @OptionGroup(title: "Training") var training: TrainingOptions
  @OptionGroup var repeating: RepeatOptions
  @OptionGroup var memory: MemoryOptions
  @Option(
    name: .customLong("finetune-steps"),
    parsing: .unconditional,
    help: "Language models only: steps of fine-tuning after pruning (default 0)."
  )
  var finetuneSteps: Int?
  @Option(help: "Language models only: what --structured removes (default both).")
  var units: LanguagePruneUnits?
  @OptionGroup(title: "Language models") var language: LanguageModelOptions

  struct Report: Encodable {
    let spec: String
    let dataset: String
    let method: String
    let sparsity: Double
    let before: MeasuredModel
    let after: MeasuredModel
    let storedForms: Forms
    let storedFormsBefore: Forms
    let sparseEncodings: [String: String]
    let kernelSparsity: Double
    let macs: Macs
    let layers: [Layer]
    let schedule: Schedule?
    let files: [String]
    /// Pruned minus unpruned batch-1 latency (ms), from interleaved paired timing rounds.
    var latencyChangeMs: ConfidenceInterval? = nil
    /// Precision, recall, F1 and the confusion matrix before and after (classification).
    var classificationBefore: ClassificationMetrics? = nil
    var classificationAfter: ClassificationMetrics? = nil

    struct Forms: Encodable {
      let dense: Int
      let sparse: Int
      let compressed: Int
    }

    struct Macs: Encodable {
      let before: Int
      let after: Int
    }

    struct Layer: Encodable {
      let name: String
      let before: Int
      let after: Int
    }

    struct Schedule: Encodable {
      let kind: String
      let beginStep: Int
      let endStep: Int
      let frequency: Int
      let steps: Int
      let maskUpdates: Int
    }
  }

  func validate() throws {
    if structured && globalRanking {
      throw GoldilocksError.invalidValue(
        "--global ranks single weights across layers; --structured removes whole neurons per layer: use one or the other"
      )
    }
    if structured && schedule != nil {
      throw GoldilocksError.invalidValue(
        "--schedule ramps the masks of magnitude pruning; --structured removes neurons once and fine-tunes the smaller network: drop --schedule"
      )
    }
  }

  mutating func run() throws {
    let context = CommandContext(global)
    guard sparsity >= 0, sparsity < 1, sparsity.isFinite else {
      throw GoldilocksError.invalidValue(
        "--sparsity must be in [0, 1): the fraction of weights removed (0.5 removes half; 1 would remove everything), got \(sparsity)"
      )
    }
    let kind = schedule?.engineSchedule ?? .oneShot
    guard sparsity.isFinite, sparsity >= 0, sparsity < 1 else {
      throw GoldilocksError.invalidValue(
        "--sparsity must be in [0, 1): the fraction of \(structured ? "neurons or filters" : "weights") removed (0.5 removes half), got \(sparsity)"
      )
    }
    guard (0...1000).contains(finetuneEpochs) else {
      throw GoldilocksError.invalidValue(
        "--finetune-epochs must be between 0 and 1000, got \(finetuneEpochs)"
      )
    }
    let input = SpecInput(spec)
    let model = try input.model(in: context)
    if let configuration = GPTConfiguration(model: model) {
      try pruneLanguageModel(model, configuration: configuration, context: context)
      return
    }
    try refuseLanguageModelOptions(for: input.text)
    let lab = LabContext(context: context, memoryBudget: try memory.budget())
    let data = try lab.dataset(dataset).fitted(to: model.inputShape.dimensions)
    if structured {
      // Refuse an impossible structured request before spending time on training.
      let untrained = try NetworkBuilder.network(
        for: model,
        task: data.task,
        seed: context.seed,
        budget: lab.memoryBudget
      )
      _ = try StructuredPruner.pruneWithReport(network: untrained, fraction: sparsity)
    }
    let recipe = try training.validatedRecipe(seed: context.seed)
    let expanded = (try? ModelSpec.expandedText(input.text)) ?? input.text
    let trained = try TrainRun(context: context, lab: lab).train(
      model,
      spec: expanded,
      dataset: data,
      recipe: recipe
    )
    let original = trained.trained.network
    var network = original
    var layers: [Report.Layer] = []
    var scheduleReport: Report.Schedule?
    let reporter = TrainingReporter(context: context)
    if !context.session.isREPL { InterruptFlag.installHandler() }
    InterruptFlag.shared.clear()
    let clock = ContinuousClock()
    let start = clock.now
    if structured {
      let result = try StructuredPruner.pruneWithReport(network: original, fraction: sparsity)
      network = result.network
      layers = result.changes.map { .init(name: $0.layer, before: $0.before, after: $0.after) }
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
      let fine = try ModelPruner.fineTune(
        &network,
        on: data,
        recipe: recipe,
        epochs: finetuneEpochs,
        sparsity: sparsity,
        global: globalRanking,
        schedule: kind,
        progress: reporter.handle,
        isCancelled: { InterruptFlag.shared.isRaised }
      )
      if kind != .oneShot {
        scheduleReport = .init(
          kind: kind.rawValue,
          beginStep: fine.beginStep,
          endStep: fine.endStep,
          frequency: fine.frequency,
          steps: fine.steps,
          maskUpdates: fine.maskUpdates.count
        )
      }
    }
    InterruptFlag.shared.clear()
    let fineTuneSeconds = LatencyReport.seconds(clock.now - start)
    var after = try lab.lab.measure(
      network,
      on: data,
      trainSeconds: trained.trained.trainSeconds + fineTuneSeconds
    )
    let directory = context.session.dataDirectory() + "/lab"
    try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let method = structured ? "structured" : (globalRanking ? "global" : "per-layer")
    let stem = ModelLab.runFileStem(
      directory: directory,
      prefix: "prune",
      key: "\(expanded)|\(dataset)|\(recipe.key)|\(method)|\(sparsity)|\(kind)|\(finetuneEpochs)"
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
    var report = Report(
      spec: expanded,
      dataset: dataset,
      method: method,
      sparsity: sparsity,
      before: before,
      after: after,
      storedForms: .init(
        dense: written.dense,
        sparse: written.sparse,
        compressed: written.compressed
      ),
      storedFormsBefore: .init(
        dense: formsBefore.dense,
        sparse: formsBefore.sparse,
        compressed: formsBefore.compressed
      ),
      sparseEncodings: forms.encodings,
      kernelSparsity: ModelPruner.kernelSparsity(network),
      macs: .init(
        before: ModelPruner.multiplyAccumulates(original),
        after: ModelPruner.multiplyAccumulates(network)
      ),
      layers: layers,
      schedule: scheduleReport,
      files: [written.densePath, written.sparsePath, written.compressedPath]
    )
    let latency = try lab.lab.pairedLatency(original, network, dataset: data)
    report.latencyChangeMs = latency.interval
    report.classificationBefore = try lab.lab.classificationMetrics(original, on: data)
    report.classificationAfter = try lab.lab.classificationMetrics(network, on: data)
    var seedRuns = [SeedRun(seed: context.seed, before: before, after: after)]
    for seed in repeating.seeds(from: context.seed).dropFirst() {
      seedRuns.append(
        try pruneOnce(
          model,
          spec: expanded,
          data: data,
          seed: seed,
          schedule: kind,
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
    lab.record(command: "calc prune", spec: expanded, result: report)
    if context.json {
      if repeating.isRepeated,
        let repeatedBefore = RepeatedMeasuredModel(
          seedRuns.map(\.before),
          regression: data.task == .regression
        ),
        let repeatedAfter = RepeatedMeasuredModel(
          seedRuns.map(\.after),
          regression: data.task == .regression
        )
      {
        try context.printJSON(
          RepeatedReport(
            spec: expanded,
            dataset: dataset,
            method: method,
            sparsity: sparsity,
            seeds: seedRuns.map(\.seed),
            before: repeatedBefore,
            after: repeatedAfter,
            accuracyDifferencePoints: accuracy.verdict.interval,
            latencyChangeMs: latency.interval,
            accuracyVerdict: Self.word(
              accuracy.verdict,
              better: "more accurate",
              worse: "less accurate"
            ),
            latencyVerdict: Self.word(
              latency.verdict(higherIsBetter: false),
              better: "faster",
              worse: "slower"
            )
          )
        )
      } else {
        try context.printJSON(report)
      }
      return
    }
    print(report, context: context, data: data, latency: latency)
    context.say("Pruned against unpruned: " + accuracy.sentence + ".")
    if repeating.isRepeated,
      let repeatedBefore = RepeatedMeasuredModel(
        seedRuns.map(\.before),
        regression: data.task == .regression
      ),
      let repeatedAfter = RepeatedMeasuredModel(
        seedRuns.map(\.after),
        regression: data.task == .regression
      )
    {
      context.say(
        "Over \(seedRuns.count) seeds: unpruned \(IntervalFormat.text(repeatedBefore.accuracy)), pruned \(IntervalFormat.text(repeatedAfter.accuracy)) (the table shows seed \(context.seed))."
      )
    }
  }

  private func print(
    _ report: Report,
    context: CommandContext,
    data: Dataset,
    latency: MeasuredDifference
  ) {
    let before = report.before
    let after = report.after
    let metric = data.task == .classification ? "accuracy" : "R²"
    func ratio(_ a: Int, _ b: Int) -> String {
      b == 0 ? "" : String(format: "%.1f%%", 100 * Double(a) / Double(b))
    }
    let bytes = { (n: Int) in "\(NumberFormat.grouped(n)) B" }
    let table = TextTable(
      header: ["", "before", "after", "after/before"],
      rows: [
        [
          "params", NumberFormat.grouped(before.params), NumberFormat.grouped(after.params),
          ratio(after.params, before.params),
        ],
        [
          "nonzero params", NumberFormat.grouped(before.nonzeroParams),
          NumberFormat.grouped(after.nonzeroParams),
          ratio(after.nonzeroParams, before.nonzeroParams),
        ],
        [
          "MACs per example", NumberFormat.grouped(report.macs.before),
          NumberFormat.grouped(report.macs.after), ratio(report.macs.after, report.macs.before),
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
          "dense file", bytes(report.storedFormsBefore.dense), bytes(report.storedForms.dense),
          ratio(report.storedForms.dense, report.storedFormsBefore.dense),
        ],
        [
          "sparse file", bytes(report.storedFormsBefore.sparse), bytes(report.storedForms.sparse),
          ratio(report.storedForms.sparse, report.storedFormsBefore.dense) + " of dense",
        ],
        [
          "zlib of dense", bytes(report.storedFormsBefore.compressed),
          bytes(report.storedForms.compressed),
          ratio(report.storedForms.compressed, report.storedFormsBefore.dense) + " of dense",
        ],
      ],
      alignments: [.left, .right, .right, .right]
    )
    let what =
      structured
      ? "structured pruning of \(Int((sparsity * 100).rounded()))% of neurons/filters"
      : "\(report.method) magnitude pruning to \(Int((sparsity * 100).rounded()))% sparsity"
    var lines = [
      context.color.apply(.bold, to: "Pruned \(SpecInput(spec).text) on \(dataset): \(what)")
    ]
    var classification: [String] = []
    if let first = report.classificationBefore, let second = report.classificationAfter {
      classification.append(
        ClassificationSummary.comparison([("before", first), ("after", second)])
      )
      classification += ClassificationSummary.confusion(second, of: "pruned model")
    }
    // On imbalanced data the classification figures lead; accuracy alone misleads there.
    let leads = report.classificationAfter?.isImbalanced() ?? false
    if leads {
      lines += classification
      if let second = report.classificationAfter {
        lines.append(ClassificationSummary.imbalanceNote(second))
      }
    }
    lines.append(table.render())
    if !leads { lines += classification }
    if structured {
      lines.append(
        "Removed: "
          + report.layers.map { "\($0.name) \($0.before) → \($0.after)" }.joined(separator: ", ")
          + ". The network is rebuilt smaller, so the dense file and the MACs shrink too."
      )
    } else {
      let encodings = Dictionary(grouping: report.sparseEncodings, by: \.value)
        .map { "\($0.key): \($0.value.map(\.key).sorted().joined(separator: ", "))" }
        .sorted()
      lines.append(
        String(format: "Kernels are %.1f%% zeros. ", 100 * report.kernelSparsity)
          + "The dense file stores each zero in 4 bytes and a dense kernel still multiplies it, so only the sparse file (\(encodings.joined(separator: "; "))) and the compressed one shrink."
      )
    }
    let measured = IntervalFormat.latencyVerdict(latency).sentence
    lines.append(
      "Latency, pruned against unpruned, timed in alternating rounds: " + measured + "."
    )
    if let schedule = report.schedule {
      lines.append(
        "Schedule \(schedule.kind): begin 0, end \(schedule.endStep), frequency \(schedule.frequency), \(schedule.maskUpdates) mask updates over \(schedule.steps) steps."
      )
    }
    lines.append(context.color.apply(.dim, to: "files: " + report.files.joined(separator: ", ")))
    context.output.line(lines.joined(separator: "\n"))
  }
}
