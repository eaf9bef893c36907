import Foundation
import Testing
import _TestSupport

@testable import GoldilocksCommands

/// `calc train` and `calc generate` for language models, on a GPT small enough for a debug
/// build (the same code path as tiny-gpt, written out as a spec).
@Suite struct LanguageModelCommandTests {
  static let smallGPT =
    "input(16) tokenembedding(65,16) positions(16)"
    + " decoder(heads=2,mlp=64,mlp_kind=gelu,norm=layernorm,bias=true)x2 layernorm head(65,tied=true)"

  static func object(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  @Test func trainThenGenerateWithAndWithoutTheKVCache() throws {
    let folder = try TemporaryDirectory(prefix: "goldilocks-lm")
    defer { folder.remove() }
    let environment = ["XDG_DATA_HOME": folder.file("data")]
    let untrained = runCommand(
      ["calc", "generate", Self.smallGPT, "--prompt", "ROMEO:", "--tokens", "10"],
      environment: environment
    )
    #expect(untrained.status == 1)
    // "… has not been trained yet", with the calc train line that trains it.
    expectSnapshot(
      maskingTemporaryFolder(untrained.err, folder.path),
      named: "generate-before-training",
      group: "LanguageModelCommandTests"
    )

    let train = runCommand(
      ["calc", "train", Self.smallGPT, "--dataset", "shakespeare", "--steps", "60", "--json"],
      environment: environment
    )
    #expect(train.status == 0, "\(train.err)")
    let report = try Self.object(train.out)
    for key in ["val_loss", "perplexity", "params", "size_bytes", "train_seconds"] {
      #expect(report[key] != nil, "\(key)")
    }
    let loss = try #require(report["val_loss"] as? Double)
    let perplexity = try #require(report["perplexity"] as? Double)
    #expect(abs(Foundation.exp(loss) - perplexity) < 1e-6 * perplexity)
    #expect(loss < Foundation.log(65.0))
    #expect(report["params"] as? Int == 65 * 16 + 16 * 16 + 2 * 3_280 + 32)
    #expect((report["size_bytes"] as? Int ?? 0) > 4 * (report["params"] as? Int ?? 0))

    var texts: [String] = []
    for flags in [[], ["--no-kv-cache"]] {
      let generate = runCommand(
        ["calc", "generate", Self.smallGPT, "--prompt", "ROMEO:", "--tokens", "9", "--json"]
          + flags,
        environment: environment
      )
      #expect(generate.status == 0, "\(generate.err)")
      let document = try Self.object(generate.out)
      for key in ["text", "tokens", "tokens_per_second", "peak_memory_bytes", "kv_cache"] {
        #expect(document[key] != nil, "\(key)")
      }
      #expect(document["tokens"] as? Int == 9)
      #expect(document["kv_cache"] as? Bool == flags.isEmpty)
      #expect((document["peak_memory_bytes"] as? Int ?? 0) > 4 * 7_888)
      texts.append(try #require(document["text"] as? String))
    }
    // 6 prompt characters + 9 new ones fit in the 16-character context: the same text.
    #expect(texts[0] == texts[1])
    #expect(texts[0].count == 9)
  }

  /// A GPT written as a spec is named by its spec in the commands the tool suggests (the
  /// derived cache name `gpt-v65-…` is not something `calc train` or `calc generate` reads),
  /// and a bias-free GPT of the same shape is a model of its own, not the biased one's weights.
  @Test func aSpecWrittenGPTIsSuggestedByItsSpecAndBiasFreeIsItsOwnModel() throws {
    let folder = try TemporaryDirectory(prefix: "goldilocks-lm-bias")
    defer { folder.remove() }
    let environment = ["XDG_DATA_HOME": folder.file("data")]
    let biasFree = Self.smallGPT.replacingOccurrences(of: "bias=true", with: "bias=false")
    let untrained = runCommand(
      ["calc", "generate", biasFree, "--prompt", "RO", "--tokens", "4"],
      environment: environment
    )
    #expect(untrained.status == 1)
    #expect(untrained.err.contains("calc train \"\(biasFree)\" --dataset shakespeare"))
    let train = runCommand(
      ["calc", "train", Self.smallGPT, "--dataset", "shakespeare", "--steps", "5"],
      environment: environment
    )
    #expect(train.status == 0, "\(train.err)")
    #expect(train.out.contains("Sample it: calc generate \"\(Self.smallGPT)\" --prompt"))
    // The biased model is trained; the bias-free one (same shape otherwise) still is not.
    let stillUntrained = runCommand(
      ["calc", "generate", biasFree, "--prompt", "RO", "--tokens", "4"],
      environment: environment
    )
    #expect(stillUntrained.status == 1)
    #expect(stillUntrained.err.contains("has not been trained yet"))
    let trainBiasFree = runCommand(
      ["calc", "train", biasFree, "--dataset", "shakespeare", "--steps", "5", "--json"],
      environment: environment
    )
    #expect(trainBiasFree.status == 0, "\(trainBiasFree.err)")
    // 65·16 + 16·16 + 2 × (2·32 + 3·16·16 + 16·16 + 2·16·64) + 32: no bias vectors.
    #expect(
      try Self.object(trainBiasFree.out)["params"] as? Int == 65 * 16 + 16 * 16 + 2 * 3_136 + 32
    )
    let generate = runCommand(
      ["calc", "generate", biasFree, "--prompt", "RO", "--tokens", "4"],
      environment: environment
    )
    #expect(generate.status == 0, "\(generate.err)")
    // Both stay sampled by their own spec (one cache name each, not the newer one only).
    let biased = runCommand(
      ["calc", "generate", Self.smallGPT, "--prompt", "RO", "--tokens", "4"],
      environment: environment
    )
    #expect(biased.status == 0, "\(biased.err)")
  }

  @Test func badLanguageModelInputIsOneErrorLine() throws {
    let cases: [[String]] = [
      ["calc", "train", "tiny-gpt", "--dataset", "shakespeare", "--steps", "0"],
      ["calc", "train", "tiny-gpt", "--dataset", "shakespeare"],
      ["calc", "train", "tiny-gpt", "--dataset", "mnist", "--steps", "10"],
      ["calc", "train", "seed-mlp", "--dataset", "shakespeare"],
      ["calc", "train", "seed-mlp", "--dataset", "mnist", "--steps", "5"],
      ["calc", "train", "tiny-gpt", "--dataset", "shakespeare", "--steps", "5", "--epochs", "2"],
      ["calc", "train", "tiny-gpt", "--dataset", "shakespeare", "--steps", "5", "--batch", "0"],
      [
        "calc", "train", "tiny-gpt", "--dataset", "shakespeare", "--steps", "5", "--memory-budget",
        "1MB",
      ],
      ["calc", "generate", "seed-mlp", "--prompt", "a", "--tokens", "5"],
      ["calc", "generate", "tiny-gpt", "--prompt", "a", "--tokens", "0"],
      ["calc", "generate", "tiny-gpt", "--prompt", "a", "--tokens", "5", "--top-k", "0"],
      ["calc", "time", "tiny-gpt", "--runs", "3"],
      ["calc", "prune", "seed-mlp", "--sparsity", "0.5", "--dataset", "shakespeare"],
    ]
    let folder = try TemporaryDirectory(prefix: "goldilocks-lm-bad")
    defer { folder.remove() }
    let blocks = errorLineTranscript(cases, environment: ["XDG_DATA_HOME": folder.file("data")])
    // Each line names what is wrong: --steps for a language model and only for one, a
    // dataset that is not a text corpus, --epochs and --batch, the memory budget, a model
    // that is not a language model, --tokens and --top-k; and what the lab cannot do with a
    // language model yet is said plainly ("is a language model"), not called analytic.
    expectSnapshot(
      maskingTemporaryFolder(blocks, folder.path),
      named: "bad-language-model-input",
      group: "LanguageModelCommandTests"
    )
  }

  @Test func datasetsListsShakespeareWithItsSplit() throws {
    let result = runCommand(["calc", "datasets", "--json"])
    #expect(result.status == 0)
    let entries = try #require(
      try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [[String: Any]]
    )
    let shakespeare = try #require(entries.first { $0["name"] as? String == "shakespeare" })
    #expect(shakespeare["train"] as? Int == 1_003_854)
    #expect(shakespeare["test"] as? Int == 111_540)
    #expect(shakespeare["classes"] as? Int == 65)
    #expect((shakespeare["summary"] as? String ?? "").contains("char-rnn"))
  }

  @Test func summaryCountsTinyGPTLikePyTorch() throws {
    let result = runCommand(["calc", "summary", "tiny-gpt", "--json"])
    #expect(result.status == 0)
    let object = try Self.object(result.out)
    #expect(object["total_params"] as? Int == 809_856)
  }
}

@Suite struct LanguageModelCompletionTests {
  @Test func completionKnowsGenerateItsFlagsAndTheModel() {
    let provider = CompletionProvider.standard()
    #expect(provider.candidates(lineBeforeWord: "calc ", word: "gen") == ["generate"])
    let flags = provider.candidates(lineBeforeWord: "calc generate tiny-gpt ", word: "--")
    for flag in ["--prompt", "--tokens", "--temperature", "--top-k", "--no-kv-cache"] {
      #expect(flags.contains(flag), "\(flag)")
    }
    #expect(
      provider.candidates(lineBeforeWord: "calc generate ", word: "ti") == [
        "tiny-gpt", "tiny-lstm",
      ]
    )
    let train = provider.candidates(lineBeforeWord: "calc train tiny-gpt ", word: "--st")
    #expect(train == ["--steps"])
    let datasets = provider.candidates(
      lineBeforeWord: "calc train tiny-gpt --dataset ",
      word: "sh"
    )
    #expect(datasets == ["shakespeare"])
  }
}
