import Foundation

/// The tiny-gpt benchmark of issue 15, run through the release CLI in child processes:
/// the whole `calc train` command, then `calc generate` with and without the KV cache on
/// the weights that run cached.
enum LanguageModelSuite {
  static let prompt = "ROMEO:"
  static let generatedTokens = 256

  /// Trains tiny-gpt for `steps` steps in a fresh data folder, then samples from it.
  static func tinyGPT(steps: Int, cli: String, settings: BenchSettings) throws -> TinyGPTResult {
    let env = try CLISuites.environment(settings: settings)
    defer { try? FileManager.default.removeItem(atPath: env["XDG_DATA_HOME"]!) }
    let arguments = [
      "calc", "train", "tiny-gpt", "--dataset", "shakespeare", "--steps", String(steps), "--json",
    ]
    let run = try ChildProcess.run(
      cli,
      arguments,
      environment: env,
      directory: settings.repositoryRoot
    )
    let json = CLISuites.parseJSON(run.output)
    let training = LanguageTrainingCLI(
      command: "goldilocks " + arguments.joined(separator: " "),
      steps: steps,
      wallSeconds: run.wallSeconds,
      cpuSeconds: run.cpuSeconds,
      peakRSSBytes: run.peakRSSBytes,
      trainSeconds: number(json?["train_seconds"]),
      valLoss: number(json?["val_loss"]),
      perplexity: number(json?["perplexity"]),
      params: number(json?["params"]).map { Int($0) },
      sizeBytes: number(json?["size_bytes"]).map { Int($0) },
      fromCache: json?["from_cache"] as? Bool,
      exitStatus: run.exitStatus
    )
    var result = TinyGPTResult(training: training)
    guard run.exitStatus == 0 else { return result }
    // Alternate the two kinds so that both see the same drift of a shared machine.
    let runs = settings.count(5, quick: 2)
    var cached: [(ChildRun, [String: Any]?)] = []
    var uncached: [(ChildRun, [String: Any]?)] = []
    for _ in 0..<runs {
      cached.append(try generate(cache: true, cli: cli, env: env, settings: settings))
      uncached.append(try generate(cache: false, cli: cli, env: env, settings: settings))
    }
    result.withCache = summarize(cached, cache: true)
    result.withoutCache = summarize(uncached, cache: false)
    if let with = result.withCache?.medianTokensPerSecond,
      let without = result.withoutCache?.medianTokensPerSecond, without > 0
    {
      result.kvCacheSpeedup = with / without
    }
    return result
  }

  static func generateArguments(cache: Bool) -> [String] {
    [
      "calc", "generate", "tiny-gpt", "--prompt", prompt, "--tokens", String(generatedTokens),
      "--json",
    ]
      + (cache ? [] : ["--no-kv-cache"])
  }

  static func generate(
    cache: Bool,
    cli: String,
    env: [String: String],
    settings: BenchSettings
  ) throws -> (ChildRun, [String: Any]?) {
    let run = try ChildProcess.run(
      cli,
      generateArguments(cache: cache),
      environment: env,
      directory: settings.repositoryRoot
    )
    return (run, CLISuites.parseJSON(run.output))
  }

  static func summarize(_ runs: [(ChildRun, [String: Any]?)], cache: Bool) -> GenerationCLI? {
    let speeds = runs.compactMap { number($0.1?["tokens_per_second"]) }
    guard !speeds.isEmpty else { return nil }
    let failed = runs.first { $0.0.exitStatus != 0 }?.0.exitStatus ?? 0
    return GenerationCLI(
      command: "goldilocks " + generateArguments(cache: cache).joined(separator: " "),
      kvCache: cache,
      tokens: generatedTokens,
      runs: runs.count,
      tokensPerSecond: speeds,
      medianTokensPerSecond: Statistics(speeds).median,
      peakMemoryBytes: number(runs.last?.1?["peak_memory_bytes"]).map { Int($0) },
      kvCacheBytes: number(runs.last?.1?["kv_cache_bytes"]).map { Int($0) },
      medianWallSeconds: Statistics(runs.map(\.0.wallSeconds)).median,
      exitStatus: failed
    )
  }

  static func number(_ value: Any?) -> Double? { (value as? NSNumber)?.doubleValue }
}
