import ArgumentParser
import Engine
import Foundation
import Terminal

/// `calc generate`: samples text from a trained language model and measures tokens per
/// second and memory, with or without the KV cache.
struct CalcGenerateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "generate",
    abstract: "Sample text from a trained language model (tiny-gpt) and time it.",
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
      """
  )

  @OptionGroup var global: GlobalOptions
  @Argument(help: ArgumentHelp("The language model (tiny-gpt).", valueName: "model"))
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
  }

  mutating func run() throws {
    let context = CommandContext(global)
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
    let input = SpecInput(model)
    let description = try input.model(in: context)
    guard let configuration = GPTConfiguration(model: description) else {
      throw GoldilocksError.invalidValue(
        "\(input.text) is not a language model this lab can sample; use tiny-gpt"
      )
    }
    let lab = LabContext(context: context)
    let run = LanguageModelRun(context: context, lab: lab)
    let name = LanguageModelRun.name(of: description, configuration: configuration)
    guard let stored = run.languageLab.latest(name: name),
      stored.model.configuration == configuration
    else {
      throw GoldilocksError.invalidValue(
        "\(name) has not been trained yet; train it first with: calc train \(name) --dataset shakespeare --steps 2000"
      )
    }
    let corpusName = stored.metadata["dataset"] ?? "shakespeare"
    let corpus = try lab.catalog().corpus(corpusName)
    let encoded: [Int32]
    switch corpus.encode(prompt.isEmpty ? "\n" : prompt) {
    case .success(let tokens): encoded = tokens
    case .failure(let error): throw GoldilocksError.invalidValue("--prompt: \(error)")
    }
    var sampler = TokenSampler(temperature: temperature, topK: topK, seed: context.seed)
    let generation = TextGenerator(model: stored.model).generate(
      prompt: encoded,
      count: tokens,
      sampler: &sampler,
      useCache: !noKVCache
    )
    let text = corpus.decode(generation.tokens)
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
      activationBytes: generation.activationBytes
    )
    if context.json {
      try context.printJSON(report)
      return
    }
    let cache =
      generation.usedCache
      ? "KV cache on: \(NumberFormat.grouped(generation.cacheBytes)) bytes"
      : "no KV cache: the whole window for every token"
    context.output.line(
      [
        context.color.apply(.bold, to: prompt) + text,
        "",
        "  \(Plural.count(generation.tokens.count, "character")) in \(String(format: "%.3f", generation.seconds)) s: \(NumberFormat.grouped(Int(generation.tokensPerSecond.rounded()))) tokens/s (\(cache))",
        "  peak memory:  \(NumberFormat.grouped(generation.peakMemoryBytes)) bytes = weights \(NumberFormat.grouped(generation.weightBytes)) + KV cache \(NumberFormat.grouped(generation.cacheBytes)) + activations \(NumberFormat.grouped(generation.activationBytes)) (allocated by the generator)",
      ].joined(separator: "\n")
    )
  }
}
