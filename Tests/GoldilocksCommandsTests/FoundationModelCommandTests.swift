import Foundation
import GoldilocksCommands
import Testing
import _TestSupport

/// `calc serve` and `calc summary PATH` through the real executable.
@Suite struct FoundationModelCommandTests {
  func run(_ arguments: [String]) throws -> ProcessResult {
    try ProcessRunner.run(
      try #require(ProductLocator.executable(), "the goldilocks executable was not built"),
      arguments
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

  @Test(arguments: [
    (
      ["calc", "serve", "llama-3.1-8b", "--precision", "int3"],
      "the value 'int3' is invalid for '--precision <precision>'; please provide one of 'fp32', 'bf16', 'fp16', 'int8' or 'int4'"
    ),
    (
      ["calc", "serve", "llama-3.1-8b", "--kv-precision", "int4"],
      "the value 'int4' is invalid for '--kv-precision <kv-precision>'; please provide one of 'fp32', 'bf16', 'fp16' or 'int8'"
    ),
    (["calc", "serve", "llama-3.1-8b", "--instance", "ml.nope"], "no instance `ml.nope`"),
    (["calc", "serve", "llama-3.1-8b", "--gpus", "2"], "--gpus needs --gpu"),
    (["calc", "serve", "llama-3.1-8b", "--context", "0"], "--context must be"),
    (["calc", "serve", "seed-mlp"], "needs a language model"),
    (["calc", "summary", "/no/such/config.json"], "/no/such/config.json: no such file"),
  ])
  func badServeInputIsOneErrorLine(_ arguments: [String], _ expected: String) throws {
    let result = try run(arguments)
    #expect(result.status == 1)
    #expect(result.standardOutput.isEmpty)
    let lines = result.standardError.split(separator: "\n")
    #expect(lines.count == 1)
    #expect(result.standardError.hasPrefix("error: ") && result.standardError.contains(expected))
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
    #expect(text.standardOutput.contains("× 32"))
    let expanded = try run(["calc", "summary", config.path, "--expand"])
    #expect(!expanded.standardOutput.contains("× 32"))
    #expect(expanded.standardOutput.contains("33.decoder"))
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
    for arguments in [
      ["calc", "serve", "gpt2", "--context", "1025"],
      ["calc", "whatif", "gpt2", "context=x2"],
      ["calc", "sweep", "gpt2", "--vary", "context=512,2048"],
    ] {
      let result = try run(arguments)
      #expect(result.status == 1, "\(arguments)")
      #expect(result.standardOutput.isEmpty || !result.standardOutput.contains("error"))
      let lines = result.standardError.split(separator: "\n")
      #expect(lines.count == 1 && lines[0].hasPrefix("error: "), "\(arguments)")
      #expect(result.standardError.contains("1024 positions"), "\(arguments)")
    }
    #expect(try run(["calc", "serve", "gpt2", "--context", "1024"]).status == 0)
  }

  @Test func whatIfOfADescribedModelsShapeNamesTheChangesItCanMake() throws {
    let gpt = try run(["calc", "whatif", "tiny-gpt", "width=x2"])
    #expect(gpt.status == 1)
    #expect(gpt.standardError.hasPrefix("error: tiny-gpt is a language model"))
    #expect(gpt.standardError.contains("context="))
    #expect(!gpt.standardError.contains("hidden layers"))
    let llama = try run(["calc", "whatif", "llama-3.1-8b", "depth=+1"])
    #expect(llama.status == 1)
    #expect(llama.standardError.contains("precision=") && llama.standardError.contains("served"))
    #expect(llama.standardError.split(separator: "\n").count == 1)
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
    #expect(text.status == 0 && text.standardOutput.contains("131072"))
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
