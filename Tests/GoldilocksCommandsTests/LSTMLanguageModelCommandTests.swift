import Foundation
import Testing
import _TestSupport

@testable import GoldilocksCommands

/// `calc train`, `calc generate` and `calc summary` for an LSTM language model, on one small
/// enough for a debug build (the same code path as tiny-lstm, written out as a spec).
@Suite struct LSTMLanguageModelCommandTests {
  static let smallLSTM =
    "input(16) embedding(65,16) lstm(32,return_sequences=true)x2 dense(65)"

  @Test func trainThenGenerateCarriesTheStateAndRefusesTheKVCacheFlag() throws {
    let folder = try TemporaryDirectory(prefix: "goldilocks-lstm")
    defer { folder.remove() }
    let environment = ["XDG_DATA_HOME": folder.file("data")]
    let untrained = runCommand(
      ["calc", "generate", Self.smallLSTM, "--prompt", "ROMEO:", "--tokens", "10"],
      environment: environment
    )
    #expect(untrained.status == 1)
    #expect(untrained.err.hasPrefix("error: ") && untrained.err.contains("has not been trained"))
    #expect(untrained.err.split(separator: "\n").count == 1)

    let train = runCommand(
      ["calc", "train", Self.smallLSTM, "--dataset", "shakespeare", "--steps", "60", "--json"],
      environment: environment
    )
    #expect(train.status == 0, "\(train.err)")
    let report = try LanguageModelCommandTests.object(train.out)
    for key in ["val_loss", "perplexity", "params", "size_bytes", "train_seconds"] {
      #expect(report[key] != nil, "\(key)")
    }
    let loss = try #require(report["val_loss"] as? Double)
    let perplexity = try #require(report["perplexity"] as? Double)
    #expect(abs(Foundation.exp(loss) - perplexity) < 1e-6 * perplexity)
    #expect(loss < Foundation.log(65.0))
    // PyTorch's count: embedding + two nn.LSTM layers (two biases each) + head.
    let params = 65 * 16 + (128 * 16 + 128 * 32 + 256) + (128 * 32 + 128 * 32 + 256) + 32 * 65 + 65
    #expect(report["params"] as? Int == params)
    #expect((report["size_bytes"] as? Int ?? 0) > 4 * params)
    #expect(report["model"] as? String == "lstm-v65-t16-e16-h32-l2")

    let again = runCommand(
      ["calc", "train", Self.smallLSTM, "--dataset", "shakespeare", "--steps", "60", "--json"],
      environment: environment
    )
    #expect(try LanguageModelCommandTests.object(again.out)["from_cache"] as? Bool == true)

    let generate = runCommand(
      ["calc", "generate", Self.smallLSTM, "--prompt", "ROMEO:", "--tokens", "200", "--json"],
      environment: environment
    )
    #expect(generate.status == 0, "\(generate.err)")
    let document = try LanguageModelCommandTests.object(generate.out)
    for key in ["text", "tokens", "tokens_per_second", "peak_memory_bytes", "kv_cache"] {
      #expect(document[key] != nil, "\(key)")
    }
    #expect(document["tokens"] as? Int == 200)
    #expect((document["text"] as? String)?.count == 200)
    #expect(document["kv_cache"] as? Bool == false)
    #expect(document["kv_cache_bytes"] as? Int == 0)
    #expect(document["state_bytes"] as? Int == 2 * 2 * 32 * 4)
    #expect((document["tokens_per_second"] as? Double ?? 0) > 0)
    #expect((document["peak_memory_bytes"] as? Int ?? 0) > 4 * params + 2 * 2 * 32 * 4)

    let plain = runCommand(
      ["calc", "generate", Self.smallLSTM, "--prompt", "ROMEO:", "--tokens", "20"],
      environment: environment
    )
    #expect(plain.status == 0, "\(plain.err)")
    #expect(plain.out.contains("tokens/s") && plain.out.contains("one step a token"))

    let flagged = runCommand(
      ["calc", "generate", Self.smallLSTM, "--prompt", "ROMEO:", "--tokens", "5", "--no-kv-cache"],
      environment: environment
    )
    #expect(flagged.status == 1)
    #expect(flagged.out.isEmpty)
    #expect(flagged.err.hasPrefix("error: --no-kv-cache: ") && flagged.err.contains("LSTM"))
    #expect(flagged.err.split(separator: "\n").count == 1)
  }

  @Test func summaryOfTinyLSTMNamesBothConventions() throws {
    let keras = runCommand(["calc", "summary", "tiny-lstm", "--json"])
    #expect(keras.status == 0, "\(keras.err)")
    #expect(try LanguageModelCommandTests.object(keras.out)["total_params"] as? Int == 789_993)
    let torch = runCommand(["calc", "summary", "tiny-lstm", "--convention", "torch", "--json"])
    #expect(torch.status == 0, "\(torch.err)")
    #expect(try LanguageModelCommandTests.object(torch.out)["total_params"] as? Int == 791_849)
    let text = runCommand(["calc", "summary", "tiny-lstm"])
    #expect(text.status == 0)
    // The note gives PyTorch's 791,849 parameters and how to train it (calc train tiny-lstm).
    expectSnapshot(text.out, named: "summary-tiny-lstm", group: "LSTMLanguageModelCommandTests")
  }

  @Test func badLSTMInputIsOneErrorLine() throws {
    let cases: [[String]] = [
      ["calc", "train", "tiny-lstm", "--dataset", "shakespeare"],
      ["calc", "train", "tiny-lstm", "--dataset", "iris", "--steps", "10"],
      ["calc", "train", "tiny-lstm", "--dataset", "shakespeare", "--steps", "5", "--epochs", "2"],
      ["calc", "generate", "tiny-lstm", "--prompt", "a", "--tokens", "5"],
    ]
    let folder = try TemporaryDirectory(prefix: "goldilocks-lstm-bad")
    defer { folder.remove() }
    let blocks = errorLineTranscript(cases, environment: ["XDG_DATA_HOME": folder.file("data")])
    // --steps, a dataset that is not a text corpus, --epochs, and generating before training
    // (which names calc train tiny-lstm).
    expectSnapshot(
      maskingTemporaryFolder(blocks, folder.path),
      named: "bad-lstm-input",
      group: "LSTMLanguageModelCommandTests"
    )
  }
}
