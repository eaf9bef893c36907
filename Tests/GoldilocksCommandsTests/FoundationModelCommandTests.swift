import Foundation
import GoldilocksCommands
import Testing
import _TestSupport

/// `calc serve` and `calc summary PATH` through the real executable.
@Suite struct FoundationModelCommandTests {
  /// Runs the executable with lines kept whole (the widest `COLUMNS`), as in a pipe, and
  /// without the user's own instance catalog (a config folder that does not exist), so that
  /// snapshots depend neither on the `COLUMNS` or `~/.config` of whoever runs the tests nor
  /// on how long the temporary folder's path is.
  func run(_ arguments: [String]) throws -> ProcessResult {
    try ProcessRunner.run(
      try #require(ProductLocator.executable(), "the goldilocks executable was not built"),
      arguments,
      environment: [
        "COLUMNS": "1000",
        "XDG_CONFIG_HOME": NSTemporaryDirectory() + "goldilocks-no-config-\(UUID().uuidString)",
      ]
    )
  }

  @Test func serveAnswersTheA10GQuestionInJSON() throws {
    let result = try run(
      [
        "calc", "serve", "llama-3.1-8b", "--precision", "int4", "--context", "8192", "--batch", "8",
        "--instance", "ml.g5.2xlarge", "--json",
      ]
    )
    #expect(result.status == 0)
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
    )
    for key in [
      "weights_bytes", "kv_cache_bytes_per_token", "kv_cache_bytes", "activation_bytes",
      "overhead_bytes", "total_bytes", "fits", "smallest_fit", "decode_tokens_per_second",
      "prefill_seconds", "cost_per_million_tokens", "prices_as_of",
    ] {
      #expect(json[key] != nil, "\(key)")
    }
    #expect(json["fits"] as? Bool == true)
    #expect((json["kv_cache_bytes_per_token"] as? NSNumber)?.int64Value == 131_072)
    #expect(json["prices_as_of"] as? String == "2026-12-04")
    #expect(((json["cost_per_million_tokens"] as? NSNumber)?.doubleValue ?? 0) > 0)
  }

  /// `run(arguments)` as a transcript block (see `transcript(_:_:)`).
  func transcriptOf(_ arguments: [String]) throws -> (block: String, result: ProcessResult) {
    let result = try run(arguments)
    let block = transcript(
      arguments,
      (result.status, result.standardOutput, result.standardError)
    )
    return (block, result)
  }

  @Test func badServeInputIsOneErrorLine() throws {
    var blocks: [String] = []
    for arguments in [
      ["calc", "serve", "llama-3.1-8b", "--precision", "int3"],
      ["calc", "serve", "llama-3.1-8b", "--kv-precision", "int4"],
      ["calc", "serve", "llama-3.1-8b", "--instance", "ml.nope"],
      ["calc", "serve", "llama-3.1-8b", "--gpus", "2"],
      ["calc", "serve", "llama-3.1-8b", "--context", "0"],
      ["calc", "serve", "seed-mlp"],
      ["calc", "summary", "/no/such/config.json"],
    ] {
      let (block, result) = try transcriptOf(arguments)
      #expect(result.status == 1, "\(arguments)")
      #expect(result.standardOutput.isEmpty, "\(arguments)")
      #expect(result.standardError.split(separator: "\n").count == 1, "\(arguments)")
      blocks.append(block)
    }
    // The valid choices of a closed option, the unknown instance, --gpus without --gpu, the
    // context's range, a model that is not a language model, a missing config file.
    expectSnapshot(
      blocks.joined(),
      named: "bad-serve-input",
      group: "FoundationModelCommandTests"
    )
  }

  @Test func summaryOfAConfigFileHasActiveParams() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "fm-cli-\(UUID().uuidString)"
    )
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let config = directory.appendingPathComponent("config.json")
    try Data(
      #"{"model_type":"mixtral","architectures":["MixtralForCausalLM"],"vocab_size":32000,"hidden_size":4096,"intermediate_size":14336,"num_hidden_layers":32,"num_attention_heads":32,"num_key_value_heads":8,"num_local_experts":8,"num_experts_per_tok":2,"torch_dtype":"bfloat16","rope_theta":1e6}"#
        .utf8
    ).write(to: config)
    let result = try run(["calc", "summary", directory.path, "--json"])
    #expect(result.status == 0)
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
    )
    #expect((json["total_params"] as? NSNumber)?.int64Value == 46_702_792_704)
    #expect((json["active_params"] as? NSNumber)?.int64Value == 12_879_925_248)
    let text = try run(["calc", "summary", config.path])
    #expect(text.status == 0)
    // The 32 decoder blocks as one row "× 32"; --expand lists them one by one.
    expectSnapshot(
      maskingTemporaryFolder(text.standardOutput, directory.path),
      named: "summary-of-mixtral-config",
      group: "FoundationModelCommandTests"
    )
    let expanded = try run(["calc", "summary", config.path, "--expand"])
    #expect(expanded.status == 0)
    expectSnapshot(
      maskingTemporaryFolder(expanded.standardOutput, directory.path),
      named: "summary-of-mixtral-config-expanded",
      group: "FoundationModelCommandTests"
    )
  }

  @Test func whatIfAppliesServingChangesToTheDefaults() throws {
    let result = try run([
      "calc", "whatif", "llama-3.1-8b", "precision=int4", "context=x4", "batch=8",
      "instance=ml.g5.2xlarge", "--json",
    ])
    #expect(result.status == 0)
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
    )
    let before = try #require(json["before"] as? [String: Any])
    let after = try #require(json["after"] as? [String: Any])
    #expect(before["context"] as? Int == 4096 && after["context"] as? Int == 16384)
    #expect(after["batch"] as? Int == 8 && after["hardware"] as? String == "ml.g5.2xlarge")
    // the KV cache grows with context × batch: ×4 × 8 = ×32 at fp16 (before: bf16, same width)
    let kvBefore = try #require((before["kv_cache_bytes"] as? NSNumber)?.int64Value)
    let kvAfter = try #require((after["kv_cache_bytes"] as? NSNumber)?.int64Value)
    #expect(kvAfter == 32 * kvBefore)
  }

  @Test(arguments: [("gpt2", 1024), ("tiny-gpt", 64), ("llama-3.1-8b", 4096)])
  func serveDefaultsToTheLearnedPositionTableWhenItIsShorter(model: String, context: Int) throws {
    let result = try run(["calc", "serve", model, "--json"])
    #expect(result.status == 0)
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
    )
    #expect(json["context"] as? Int == context)
  }

  @Test func aContextPastTheLearnedPositionsIsRefusedInEveryServingCommand() throws {
    var blocks: [String] = []
    for arguments in [
      ["calc", "serve", "gpt2", "--context", "1025"],
      ["calc", "whatif", "gpt2", "context=x2"],
      ["calc", "sweep", "gpt2", "--vary", "context=512,2048"],
    ] {
      let (block, result) = try transcriptOf(arguments)
      #expect(result.status == 1, "\(arguments)")
      #expect(result.standardError.split(separator: "\n").count == 1, "\(arguments)")
      blocks.append(block)
    }
    // Each names gpt2's 1024 learned positions.
    expectSnapshot(
      blocks.joined(),
      named: "context-past-the-positions",
      group: "FoundationModelCommandTests"
    )
    #expect(try run(["calc", "serve", "gpt2", "--context", "1024"]).status == 0)
  }

  @Test func whatIfOfADescribedModelsShapeNamesTheChangesItCanMake() throws {
    let gpt = try transcriptOf(["calc", "whatif", "tiny-gpt", "width=x2"])
    #expect(gpt.result.status == 1)
    let llama = try transcriptOf(["calc", "whatif", "llama-3.1-8b", "depth=+1"])
    #expect(llama.result.status == 1)
    #expect(llama.result.standardError.split(separator: "\n").count == 1)
    // Each names the serving changes it can make (context=, precision=, ...), not hidden layers.
    expectSnapshot(
      gpt.block + llama.block,
      named: "whatif-of-a-described-model",
      group: "FoundationModelCommandTests"
    )
  }

  @Test func sweepOverContextShowsTheCacheOutgrowingTheWeights() throws {
    let result = try run([
      "calc", "sweep", "llama-3.1-8b", "--vary", "context=1024,65536,131072", "--json",
    ])
    #expect(result.status == 0)
    let rows = try #require(
      try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [[String: Any]]
    )
    #expect(rows.count == 3)
    let kv = rows.compactMap { ($0["kv_cache_bytes"] as? NSNumber)?.int64Value }
    let weights = rows.compactMap { ($0["weights_bytes"] as? NSNumber)?.int64Value }
    #expect(kv == [1024, 65536, 131072].map { Int64($0) * 131_072 })
    #expect(kv[0] < weights[0] && kv[2] > weights[2])
    let text = try run(["calc", "sweep", "llama-3.1-8b", "--vary", "context"])
    #expect(text.status == 0)
    expectSnapshot(
      text.standardOutput,
      named: "sweep-llama-over-context",
      group: "FoundationModelCommandTests"
    )
  }

  @Test func completionOffersServeInstancesGPUsAndPresets() {
    #expect(
      CompletionProbe.candidates(before: "calc serve llama-3.1-8b --instance ", word: "ml.g5")
        .contains("ml.g5.2xlarge")
    )
    #expect(
      CompletionProbe.candidates(before: "calc serve llama-3.1-8b --gpu ", word: "")
        .contains("A10G")
    )
    #expect(
      CompletionProbe.candidates(before: "calc serve ", word: "llama").contains("llama-3.1-70b")
    )
    #expect(
      CompletionProbe.candidates(before: "calc summary x --convention ", word: "")
        .contains("torch")
    )
  }
}
