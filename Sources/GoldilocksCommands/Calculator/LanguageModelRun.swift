import Engine
import Foundation
import Terminal

/// `calc train` for a language model (tiny-gpt, tiny-lstm): steps of random windows of a text corpus,
/// nanoGPT's AdamW recipe, then validation loss, perplexity, size and time.
struct LanguageModelRun {
  let context: CommandContext
  let lab: LabContext

  /// The measured-model document of a language model (`--json`).
  struct Report: Encodable {
    let model: String
    let dataset: String
    let params: Int
    let nonzeroParams: Int
    let sizeBytes: Int
    let valLoss: Double
    let perplexity: Double
    let trainSeconds: Double
    let steps: Int
    let batch: Int
    let fromCache: Bool
  }

  /// The name a language model is cached and generated under: its preset name, or one
  /// derived from its shape for a spec written out.
  static func name<Configuration: LanguageModelConfiguration>(
    of model: ModelDescription,
    configuration: Configuration
  ) -> String {
    if let preset = model.presetName { return preset }
    switch configuration {
    case let c as GPTConfiguration:
      return "gpt-v\(c.vocabularySize)-t\(c.contextLength)-l\(c.layers)-h\(c.heads)-d\(c.width)"
        + "-m\(c.hiddenWidth)" + (c.headWidth.map { "-hd\($0)" } ?? "") + (c.bias ? "" : "-nobias")
    case let c as LSTMConfiguration:
      return "lstm-v\(c.vocabularySize)-t\(c.contextLength)-e\(c.embeddingWidth)"
        + "-h\(c.hiddenWidth)-l\(c.layers)"
    default:
      return "lm-\(configuration.parameterCount)"
    }
  }

  /// How a command line names `model`: its preset name, or its spec in quotes (a derived
  /// name such as `gpt-v65-…` names a cache entry, which `calc train` and `calc generate`
  /// do not read).
  static func argument(of model: ModelDescription) -> String {
    model.presetName ?? "\"\(model.spec)\""
  }

  /// The lab that trains language models, caching beside the other models' weights.
  var languageLab: LanguageModelLab {
    LanguageModelLab(
      cacheDirectory: context.session.dataDirectory() + "/cache",
      memoryBudget: lab.memoryBudget
    )
  }

  func run<Configuration: LanguageModelConfiguration>(
    model: ModelDescription,
    configuration: Configuration,
    dataset: String,
    steps: Int?,
    training: TrainingOptions
  ) throws {
    let name = Self.name(of: model, configuration: configuration)
    if let other = training.given.first(where: { $0 != "--batch" }) {
      throw GoldilocksError.invalidValue(
        "\(other): \(name) trains in steps with nanoGPT's AdamW recipe; give --steps N and optionally --batch N"
      )
    }
    guard let steps else {
      throw GoldilocksError.invalidValue(
        "--steps: \(name) trains in steps of random windows; add --steps N (nanoGPT's CPU run uses --steps 2000)"
      )
    }
    let recipe = LanguageTrainingRecipe(
      steps: steps,
      batchSize: training.batch ?? LanguageTrainingRecipe.defaultBatchSize,
      seed: context.seed
    )
    do {
      try recipe.validate()
    } catch {
      let flag = (1...LanguageTrainingRecipe.maximumSteps).contains(steps) ? "--batch" : "--steps"
      throw GoldilocksError.invalidValue("\(flag): \(error)")
    }
    let corpus = try lab.catalog().corpus(dataset)
    guard corpus.vocabularySize <= configuration.vocabularySize else {
      throw GoldilocksError.invalidValue(
        "--dataset: \(dataset) has \(corpus.vocabularySize) characters but \(name) knows only \(configuration.vocabularySize) tokens"
      )
    }
    let reporter = LanguageTrainingReporter(context: context)
    if !context.session.isREPL { InterruptFlag.installHandler() }
    InterruptFlag.shared.clear()
    defer { InterruptFlag.shared.clear() }
    let trained = try languageLab.train(
      name: name,
      configuration: configuration,
      corpus: corpus,
      recipe: recipe,
      progress: reporter.handle,
      isCancelled: { InterruptFlag.shared.isRaised }
    )
    reporter.finish()
    let nonzero = trained.model.parameters.values.reduce(0) { $0 + ($1 != 0 ? 1 : 0) }
    let report = Report(
      model: name,
      dataset: dataset,
      params: trained.model.parameterCount,
      nonzeroParams: nonzero,
      sizeBytes: trained.sizeBytes,
      valLoss: trained.validationLoss,
      perplexity: trained.perplexity,
      trainSeconds: trained.trainSeconds,
      steps: trained.completedSteps,
      batch: recipe.batchSize,
      fromCache: trained.fromCache
    )
    lab.record(command: "calc train", spec: name, result: report)
    if context.json {
      try context.printJSON(report)
      return
    }
    let perStep =
      trained.completedSteps > 0 ? trained.trainSeconds / Double(trained.completedSteps) : 0
    var lines = [
      context.color.apply(.bold, to: "Trained \(name) on \(dataset)")
        + (trained.fromCache ? context.color.apply(.dim, to: " (weights from the cache)") : ""),
      "  validation loss:  \(String(format: "%.4f", trained.validationLoss)) nats per character (mean over \(LanguageModelTrainer.validationWindows) fixed windows of the last 10 %)",
      "  perplexity:       \(String(format: "%.2f", trained.perplexity)) (e^loss: the characters it hesitates between)",
      "  parameters:       \(NumberFormat.grouped(trained.model.parameterCount))",
      "  file size:        \(NumberFormat.grouped(trained.sizeBytes)) bytes (safetensors, fp32)",
      "  training time:    \(String(format: "%.1f", trained.trainSeconds)) s for \(Plural.count(trained.completedSteps, "step")) of \(recipe.batchSize) × \(configuration.contextLength) characters (\(String(format: "%.1f", perStep * 1000)) ms a step)",
    ]
    if trained.completedSteps < recipe.steps && !trained.fromCache {
      lines.append("  (stopped early; the partial model is not cached)")
    } else {
      lines.append(
        "  Sample it: calc generate \(Self.argument(of: model)) --prompt \"ROMEO:\" --tokens 256"
      )
    }
    context.output.line(lines.joined(separator: "\n"))
  }
}

/// Shows language-model training as it runs: a live bar with the step, loss and ETA on a
/// terminal, a plain line every tenth of the run otherwise.
final class LanguageTrainingReporter {
  let context: CommandContext
  let live: Bool
  private var smoothed: Double?

  init(context: CommandContext) {
    self.context = context.forInteraction()
    live = context.session.stdoutIsTerminal && !context.json
  }

  func handle(_ event: LanguageTrainingEvent) {
    switch event {
    case .stepEnded(let step, let steps, let loss, let elapsed):
      smoothed = smoothed.map { 0.9 * $0 + 0.1 * loss } ?? loss
      let remaining = elapsed / Double(step) * Double(steps - step)
      let details =
        "loss \(String(format: "%.4f", smoothed ?? loss)) "
        + "\(ProgressBar.duration(elapsed)) elapsed, ETA \(ProgressBar.duration(remaining))"
      if live {
        guard step % max(1, steps / 200) == 0 || step == steps else { return }
        let bar = ProgressBar(width: context.width, color: context.color)
        context.output.write(
          bar.render(
            label: "step \(step)/\(steps)",
            fraction: Double(step) / Double(max(1, steps)),
            details: details
          )
        )
      } else if step % max(1, steps / 10) == 0 || step == steps {
        context.output.line("step \(step)/\(steps)  \(details)")
      }
    case .cancelled(let completed):
      if live { context.output.write("\r\u{1B}[K") }
      context.output.line("Stopped: keeping the \(Plural.count(completed, "finished step")).")
    }
  }

  /// Clears the live bar.
  func finish() {
    if live { context.output.write("\r\u{1B}[K") }
  }
}
