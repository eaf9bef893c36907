import ArgumentParser
import Engine
import Foundation
import Terminal

/// `calc generate`: samples text from a trained language model and measures tokens per
/// second and memory, with or without the KV cache.
struct CalcGenerateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "generate",
    abstract: "Sample text from a trained language model (tiny-gpt, tiny-lstm) and time it.",
    discussion: """
      Loads the newest weights `calc train MODEL --dataset shakespeare --steps N` cached,
      feeds the prompt and samples --tokens more characters: logits divided by
      --temperature, only the --top-k most likely kept, one seeded draw (--seed).
      Reports tokens per second and peak memory: the bytes of the weights, the KV cache
      and the activation buffers the generation allocates (all allocated before the
      first token, so their sum is the peak).

      With the KV cache (the default) each token runs one row through every layer and
      reuses the keys and values of earlier tokens; when the 64-character context is
      full, the last half is encoded again. --no-kv-cache runs the whole window (the
      last 64 characters) for every token, as nanoGPT's generate does: slower, with no
      cache to hold. Up to 64 characters both give the same text.

      An LSTM (tiny-lstm) has no KV cache and no window: it carries its state (h and c
      of every layer) from token to token, so every token, prompt or new, costs one
      step however long the text grows; --no-kv-cache does not apply to it.
      """
  )

  @OptionGroup var global: GlobalOptions
  @Argument(help: ArgumentHelp("The language model (tiny-gpt, tiny-lstm).", valueName: "model"))
  var model: [String]
  @Option(help: "The text to continue (characters of the training corpus).") var prompt: String
  @Option(parsing: .unconditional, help: "Characters to generate (1 to 100000).") var tokens: Int
  @Option(parsing: .unconditional, help: "Sampling temperature (default 0.8; 0 = most likely).")
  var temperature: Double = 0.8
  @Option(
    name: .customLong("top-k"),
    parsing: .unconditional,
    help: "Sample only among the K most likely characters (default 200: all of them)."
  )
  var topK: Int = 200
  @Flag(name: .customLong("no-kv-cache"), help: "Recompute the whole window for every token.")
  var noKVCache = false

  /// The generation document (`--json`).
  struct Report: Encodable {
    let text: String
    let tokens: Int
    let tokensPerSecond: Double
    let peakMemoryBytes: Int
    let kvCache: Bool
    let prompt: String
    let seconds: Double
    let weightBytes: Int
    let kvCacheBytes: Int
    let activationBytes: Int
    /// The recurrent state an LSTM carries (h and c of every layer); absent for a GPT.
    let stateBytes: Int?
  }

  func validate() throws {
    guard (1...100_000).contains(tokens) else {
      throw GoldilocksError.invalidValue(
        "--tokens: give between 1 and 100000 characters, got \(tokens)"
      )
    }
    guard temperature.isFinite, (0...100).contains(temperature) else {
      throw GoldilocksError.invalidValue(
        "--temperature: give a number from 0 (always the most likely) to 100, got \(temperature)"
      )
    }
    guard topK >= 1 else {
      throw GoldilocksError.invalidValue("--top-k: give at least 1, got \(topK)")
    }
  }

  mutating func run() throws {
    let context = CommandContext(global)
    let input = SpecInput(model)
    let description = try input.model(in: context)
    let lab = LabContext(context: context)
    var sampler = TokenSampler(temperature: temperature, topK: topK, seed: context.seed)
    if let configuration = LSTMConfiguration(model: description) {
      if noKVCache {
        throw GoldilocksError.invalidValue(
          "--no-kv-cache: \(LanguageModelRun.name(of: description, configuration: configuration)) is an LSTM, which has no KV cache to turn off; it carries its state from token to token, one step a token. Drop the flag"
        )
      }
      let stored = try latest(description, configuration: configuration, lab: lab)
      let (corpus, encoded) = try encodedPrompt(metadata: stored.metadata, lab: lab)
      let generation = stored.model.generate(prompt: encoded, count: tokens, sampler: &sampler)
      let text = corpus.decode(generation.tokens)
      try report(generation, text: text, stateBytes: stored.model.stateBytes, context: context)
      return
    }
    guard let configuration = GPTConfiguration(model: description) else {
      throw GoldilocksError.invalidValue(
        "\(input.text) is not a language model this lab can sample; use tiny-gpt or tiny-lstm"
      )
    }
    let stored = try latest(description, configuration: configuration, lab: lab)
    let (corpus, encoded) = try encodedPrompt(metadata: stored.metadata, lab: lab)
    let generation = TextGenerator(model: stored.model).generate(
      prompt: encoded,
      count: tokens,
      sampler: &sampler,
      useCache: !noKVCache
    )
    try report(
      generation,
      text: corpus.decode(generation.tokens),
      stateBytes: nil,
      context: context
    )
  }

  /// The newest cached weights of the model `description` is, or the advice to train it.
  func latest<Configuration: LanguageModelConfiguration>(
    _ description: ModelDescription,
    configuration: Configuration,
    lab: LabContext
  ) throws -> (model: Configuration.Model, metadata: [String: String]) {
    let name = LanguageModelRun.name(of: description, configuration: configuration)
    let languageLab = LanguageModelRun(context: lab.context, lab: lab).languageLab
    guard let stored = languageLab.latest(name: name, as: Configuration.Model.self),
      stored.model.configuration == configuration
    else { throw Self.notTrained(name, argument: LanguageModelRun.argument(of: description)) }
    return (stored.model, stored.metadata)
  }

  static func notTrained(_ name: String, argument: String) -> GoldilocksError {
    GoldilocksError.invalidValue(
      "\(name) has not been trained yet; train it first with: calc train \(argument) --dataset shakespeare --steps 2000"
    )
  }

  /// The corpus the stored model was trained on and the prompt in its tokens.
  func encodedPrompt(
    metadata: [String: String],
    lab: LabContext
  ) throws -> (corpus: CharacterCorpus, tokens: [Int32]) {
    let corpus = try lab.catalog().corpus(metadata["dataset"] ?? "shakespeare")
    switch corpus.encode(prompt.isEmpty ? "\n" : prompt) {
    case .success(let tokens): return (corpus, tokens)
    case .failure(let error): throw GoldilocksError.invalidValue("--prompt: \(error)")
    }
  }

  /// Prints the generated text and what it cost (or the `--json` document).
  func report(
    _ generation: TextGenerator.Generation,
    text: String,
    stateBytes: Int?,
    context: CommandContext
  ) throws {
    let report = Report(
      text: text,
      tokens: generation.tokens.count,
      tokensPerSecond: generation.tokensPerSecond,
      peakMemoryBytes: generation.peakMemoryBytes,
      kvCache: generation.usedCache,
      prompt: prompt,
      seconds: generation.seconds,
      weightBytes: generation.weightBytes,
      kvCacheBytes: generation.cacheBytes,
      activationBytes: generation.activationBytes,
      stateBytes: stateBytes
    )
    if context.json {
      try context.printJSON(report)
      return
    }
    let cache: String
    if let stateBytes {
      cache = "an LSTM: one step a token, carrying a \(NumberFormat.grouped(stateBytes))-byte state"
    } else if generation.usedCache {
      cache = "KV cache on: \(NumberFormat.grouped(generation.cacheBytes)) bytes"
    } else {
      cache = "no KV cache: the whole window for every token"
    }
    let parts =
      stateBytes == nil
      ? "weights \(NumberFormat.grouped(generation.weightBytes)) + KV cache \(NumberFormat.grouped(generation.cacheBytes)) + activations \(NumberFormat.grouped(generation.activationBytes))"
      : "weights \(NumberFormat.grouped(generation.weightBytes)) + state and scratch \(NumberFormat.grouped(generation.activationBytes))"
    context.output.line(
      [
        context.color.apply(.bold, to: prompt) + text,
        "",
        "  \(Plural.count(generation.tokens.count, "character")) in \(String(format: "%.3f", generation.seconds)) s: \(NumberFormat.grouped(Int(generation.tokensPerSecond.rounded()))) tokens/s (\(cache))",
        "  peak memory:  \(NumberFormat.grouped(generation.peakMemoryBytes)) bytes = \(parts) (allocated by the generator)",
      ].joined(separator: "\n")
    )
  }
}
