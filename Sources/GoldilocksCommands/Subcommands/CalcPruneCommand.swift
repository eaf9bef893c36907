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

  func validate() throws {
    guard sparsity.isFinite, sparsity >= 0, sparsity < 1 else {
      throw GoldilocksError.invalidValue(
        "--sparsity must be in [0, 1): the fraction of \(structured ? "neurons or filters" : "weights") removed (0.5 removes half; 1 would remove everything), got \(sparsity)"
      )
    }
    guard (0...1000).contains(finetuneEpochs) else {
      throw GoldilocksError.invalidValue(
        "--finetune-epochs must be between 0 and 1000, got \(finetuneEpochs)"
      )
    }
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
    let input = SpecInput(spec)
    let model = try input.model(in: context)
    if let configuration = GPTConfiguration(model: model) {
      try pruneLanguageModel(model, configuration: configuration, context: context)
      return
    }
    try refuseLanguageModelOptions(for: input.text)
    let lab = LabContext(context: context, memoryBudget: try memory.budget())
    let outcome = try PruneRun(context: context, lab: lab).run(
      model,
      spec: input,
      datasetName: dataset,
      settings: settings,
      training: training,
      repeating: repeating
    )
    lab.record(command: "calc prune", spec: outcome.report.spec, result: outcome.report)
    try report(outcome, title: input.text, context: context)
  }

  /// What to prune and how, from the options.
  var settings: PruneRun.Settings {
    PruneRun.Settings(
      sparsity: sparsity,
      structured: structured,
      globalRanking: globalRanking,
      schedule: schedule?.engineSchedule ?? .oneShot,
      finetuneEpochs: finetuneEpochs
    )
  }

  /// Prints the outcome: the first seed's report (or, with `--repeats` and `--json`, the
  /// intervals over the seeds), then the verdict on accuracy.
  private func report(_ outcome: PruneRun.Outcome, title: String, context: CommandContext)
    throws
  {
    let report = outcome.report
    let comparison = outcome.comparison
    if context.json {
      let header = PruneReport.Header(
        spec: report.spec,
        dataset: report.dataset,
        method: report.method,
        sparsity: report.sparsity
      )
      if repeating.isRepeated, let repeated = comparison.report(extra: header) {
        try context.printJSON(repeated)
      } else {
        try context.printJSON(report)
      }
      return
    }
    let lines = report.lines(
      title: title,
      context: context,
      data: outcome.data,
      latency: outcome.latency
    )
    context.output.line(lines.joined(separator: "\n"))
    context.say("Pruned against unpruned: " + comparison.accuracy.sentence + ".")
    if repeating.isRepeated, let over = comparison.overSeeds(before: "unpruned", after: "pruned") {
      context.say(over)
    }
  }
}
