import Engine
import Foundation
import Lab
import Terminal

/// `calc quantize`, `calc prune` and `calc distill` for a language model (tiny-gpt): trains
/// the fp32 model as `calc train` does (or loads it from the cache), compresses it, and
/// reports both side by side with the intervals of the measured differences.
struct LanguageCompressionRun {
  let context: CommandContext
  let lab: LabContext
  let options: LanguageModelOptions
  /// `--batch`, as `calc train` takes it (part of the cache key).
  let batch: Int?

  /// The fp32 model the compression starts from.
  struct Base {
    let name: String
    let dataset: String
    let corpus: CharacterCorpus
    let recipe: LanguageTrainingRecipe
    let trained: LanguageModelLab.TrainedModel
  }

  /// What a language-model JSON document says about timing.
  struct Timing: Encodable {
    let rounds: Int
    let tokens: Int
    let decoding: String
  }

  /// The differences and their verdicts.
  struct Changes: Encodable {
    /// After − before, window by window (nats per character).
    let valLoss: ConfidenceInterval?
    let valLossVerdict: String
    /// After / before.
    let perplexityRatio: Double
    /// After − before, round by round.
    let tokensPerSecond: ConfidenceInterval?
    let tokensPerSecondVerdict: String
    /// After / before.
    let sizeRatio: Double

    init(_ comparison: LanguageCompressionLab.Comparison) {
      valLoss = comparison.lossChange.interval
      valLossVerdict = LanguageCompressionRun.word(comparison.lossVerdict)
      perplexityRatio = comparison.after.perplexity / comparison.before.perplexity
      tokensPerSecond = comparison.speedChange.interval
      tokensPerSecondVerdict = LanguageCompressionRun.word(comparison.speedVerdict)
      sizeRatio = Double(comparison.after.sizeBytes) / Double(max(1, comparison.before.sizeBytes))
    }
  }

  static func word(_ verdict: Verdict) -> String {
    switch verdict {
    case .better: "better"
    case .worse: "worse"
    case .noMeasurableDifference: "no measurable difference"
    case .notMeasured: "not measured"
    }
  }

  var languageLab: LanguageModelLab { LanguageModelRun(context: context, lab: lab).languageLab }

  /// Trains or loads the fp32 model `configuration` on `dataset` for `--steps`.
  func base(
    model: ModelDescription,
    configuration: GPTConfiguration,
    dataset: String,
    command: String
  ) throws -> Base {
    let name = LanguageModelRun.name(of: model, configuration: configuration)
    let argument = LanguageModelRun.argument(of: model)
    _ = try options.validatedRounds()
    _ = try options.validatedTimingTokens()
    guard let steps = options.steps else {
      throw GoldilocksError.invalidValue(
        "--steps: \(command) starts from the fp32 \(name) trained for --steps N, as calc train \(argument) --dataset \(dataset) --steps N trains it (its cached weights are reused); add --steps N (e.g. 2000)"
      )
    }
    let recipe = LanguageTrainingRecipe(
      steps: steps,
      batchSize: batch ?? LanguageTrainingRecipe.defaultBatchSize,
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
    let trained = try withInterrupts { reporter in
      try languageLab.train(
        name: name,
        configuration: configuration,
        corpus: corpus,
        recipe: recipe,
        progress: reporter.handle,
        isCancelled: { InterruptFlag.shared.isRaised }
      )
    }
    if trained.completedSteps < steps && !trained.fromCache {
      throw GoldilocksError.stopped(
        "stopped while training \(name) after \(trained.completedSteps) of \(steps) steps; nothing was compressed and no weights were cached"
      )
    }
    return Base(name: name, dataset: dataset, corpus: corpus, recipe: recipe, trained: trained)
  }

  /// Runs `body` with Ctrl-C caught and a progress reporter.
  func withInterrupts<T>(_ body: (LanguageTrainingReporter) throws -> T) throws -> T {
    let reporter = LanguageTrainingReporter(context: context)
    if !context.session.isREPL { InterruptFlag.installHandler() }
    InterruptFlag.shared.clear()
    defer { InterruptFlag.shared.clear() }
    let result = try body(reporter)
    reporter.finish()
    return result
  }

  /// The lab measuring on `base`'s validation text.
  func compressionLab(_ base: Base) throws -> LanguageCompressionLab {
    LanguageCompressionLab(
      validation: base.corpus.validation,
      benchmark: DecodingBenchmark(
        tokens: try options.validatedTimingTokens(),
        rounds: try options.validatedRounds(),
        prompt: Array(base.corpus.validation.prefix(16))
      )
    )
  }

  func timing(_ lab: LanguageCompressionLab) -> Timing {
    Timing(
      rounds: lab.benchmark.rounds,
      tokens: lab.benchmark.tokens,
      decoding:
        "batch 1 with the KV cache, greedy, after a 16-character prompt; one untimed warm-up run each, then the models in turn, round after round"
    )
  }

  // MARK: - Text

  /// A side-by-side table of measured models.
  func table(_ models: [(String, LanguageCompressionLab.Measured)]) -> [String] {
    var rows: [[String]] = [[""] + models.map(\.0)]
    rows.append(["validation loss"] + models.map { String(format: "%.4f", $0.1.valLoss) })
    rows.append(["perplexity"] + models.map { String(format: "%.3f", $0.1.perplexity) })
    rows.append(["parameters"] + models.map { NumberFormat.grouped($0.1.params) })
    rows.append(["nonzero parameters"] + models.map { NumberFormat.grouped($0.1.nonzeroParams) })
    rows.append(["file size (bytes)"] + models.map { NumberFormat.grouped($0.1.sizeBytes) })
    rows.append(
      ["tokens/s, median"] + models.map { String(format: "%.0f", $0.1.tokensPerSecond) }
    )
    rows.append(
      ["tokens/s, min–max"]
        + models.map {
          String(format: "%.0f–%.0f", $0.1.tokensPerSecondRange[0], $0.1.tokensPerSecondRange[1])
        }
    )
    let widths = (0..<rows[0].count).map { column in rows.map { $0[column].count }.max() ?? 0 }
    return rows.map { row in
      "  "
        + row.enumerated().map { column, cell in
          column == 0
            ? cell.padding(toLength: widths[0], withPad: " ", startingAt: 0)
            : String(repeating: " ", count: widths[column] - cell.count) + cell
        }.joined(separator: "   ")
    }
  }

  /// The verdict sentences of `after` against `before`.
  func verdicts(_ comparison: LanguageCompressionLab.Comparison, after: String, before: String)
    -> [String]
  {
    let loss = comparison.lossVerdict.sentence(
      quantity: "validation loss",
      better: "better",
      worse: "worse",
      unit: " nats",
      digits: 4,
      single: comparison.lossChange.differences.first
    )
    let speed = comparison.speedVerdict.sentence(
      quantity: "tokens/s",
      better: "faster",
      worse: "slower",
      unit: "",
      digits: 0,
      single: comparison.speedChange.differences.first
    )
    return [
      "  \(after) against \(before), over the \(comparison.lossChange.pairs) validation windows: \(loss).",
      "  \(after) against \(before), generation over \(comparison.speedChange.pairs) alternating rounds: \(speed).",
    ]
  }
}
