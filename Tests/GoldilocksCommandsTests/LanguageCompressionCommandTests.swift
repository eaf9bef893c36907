import Foundation
import Testing
import _TestSupport

@testable import GoldilocksCommands

/// `calc quantize`, `calc prune` and `calc distill` of a language model, on a GPT small
/// enough for a debug build (tiny-gpt's code path, written out as a spec).
@Suite struct LanguageCompressionCommandTests {
  static let smallGPT = LanguageModelCommandTests.smallGPT
  /// The same GPT with one block instead of two: a student.
  static let student =
    "input(16) tokenembedding(65,16) positions(16)"
    + " decoder(heads=2,mlp=64,mlp_kind=gelu,norm=layernorm,bias=true)x1 layernorm head(65,tied=true)"
  static let quick = ["--steps", "40", "--rounds", "2", "--timing-tokens", "8", "--json"]

  static func object(_ text: String) throws -> [String: Any] {
    try LanguageModelCommandTests.object(text)
  }

  static func model(_ document: [String: Any], _ key: String) throws -> [String: Any] {
    try #require(document[key] as? [String: Any], "\(key)")
  }

  static let measuredKeys = [
    "params", "nonzero_params", "size_bytes", "val_loss", "perplexity", "train_seconds",
    "tokens_per_second", "tokens_per_second_runs",
  ]

  @Test func quantizingToInt8AndInt4ReportsBothSideBySide() throws {
    let folder = try TemporaryDirectory(prefix: "goldilocks-lmq")
    defer { folder.remove() }
    let environment = ["XDG_DATA_HOME": folder.file("data")]
    var sizes: [String: Int] = [:]
    for precision in ["int8", "int4"] {
      let result = runCommand(
        [
          "calc", "quantize", Self.smallGPT, "--dataset", "shakespeare", "--to", precision,
          "--group", "16",
        ] + Self.quick,
        environment: environment
      )
      #expect(result.status == 0, "\(result.err)")
      let report = try Self.object(result.out)
      let before = try Self.model(report, "before")
      let after = try Self.model(report, "after")
      for key in Self.measuredKeys {
        #expect(before[key] != nil && after[key] != nil, "\(key)")
      }
      #expect(before["params"] as? Int == after["params"] as? Int)
      #expect((after["size_bytes"] as? Int ?? .max) < (before["size_bytes"] as? Int ?? 0))
      #expect((after["tokens_per_second_runs"] as? [Double])?.count == 2)
      let changes = try Self.model(report, "changes")
      let loss = try #require(changes["val_loss"] as? [String: Any])
      #expect(loss["runs"] as? Int == 240)
      #expect(changes["val_loss_verdict"] is String)
      let scheme = try Self.model(report, "scheme")
      #expect(scheme["group_size"] as? Int == 16)
      #expect(scheme["precision"] as? String == precision)
      sizes[precision] = after["size_bytes"] as? Int
    }
    #expect((sizes["int4"] ?? .max) < (sizes["int8"] ?? 0))
  }

  @Test func magnitudePruningStatesTheNonzeroCountAndStructuredPruningTheShape() throws {
    let folder = try TemporaryDirectory(prefix: "goldilocks-lmp")
    defer { folder.remove() }
    let environment = ["XDG_DATA_HOME": folder.file("data")]
    let magnitude = runCommand(
      ["calc", "prune", Self.smallGPT, "--dataset", "shakespeare", "--sparsity", "0.5"]
        + Self.quick,
      environment: environment
    )
    #expect(magnitude.status == 0, "\(magnitude.err)")
    let report = try Self.object(magnitude.out)
    let before = try Self.model(report, "before")
    let after = try Self.model(report, "after")
    // 2 blocks × (48·16 + 16·16 + 64·16 + 16·64) block weights, half of each matrix zeroed.
    #expect(report["pruned_weights"] as? Int == 3_072)
    #expect(
      after["nonzero_params"] as? Int == (before["nonzero_params"] as? Int ?? 0) - 3_072
    )
    #expect(after["params"] as? Int == before["params"] as? Int)
    #expect((after["size_bytes"] as? Int ?? .max) < (report["dense_size_bytes"] as? Int ?? 0))

    let structured = runCommand(
      [
        "calc", "prune", Self.smallGPT, "--dataset", "shakespeare", "--sparsity", "0.5",
        "--structured", "--units", "heads", "--finetune-steps", "3",
      ] + Self.quick,
      environment: environment
    )
    #expect(structured.status == 0, "\(structured.err)")
    let shrunk = try Self.object(structured.out)
    #expect(shrunk["heads_removed"] as? Int == 1)
    #expect(shrunk["finetune_steps"] as? Int == 3)
    let shape = try Self.model(shrunk, "configuration_after")
    #expect(shape["heads"] as? Int == 1 && shape["head_size"] as? Int == 8)
    // One head of 8 out of each block: 3·8·16 + 3·8 (c_attn) + 16·8 (c_proj) fewer.
    let params = (before["params"] as? Int ?? 0) - 2 * (3 * 8 * 16 + 3 * 8 + 16 * 8)
    #expect(try Self.model(shrunk, "after")["params"] as? Int == params)
    #expect(shrunk["params_by_formula"] as? Int == params)
  }

  @Test func distillingReportsTeacherStudentAndStudentFromScratch() throws {
    let folder = try TemporaryDirectory(prefix: "goldilocks-lmd")
    defer { folder.remove() }
    let result = runCommand(
      [
        "calc", "distill", "--teacher", Self.smallGPT, "--student", Self.student, "--dataset",
        "shakespeare",
      ] + Self.quick,
      environment: ["XDG_DATA_HOME": folder.file("data")]
    )
    #expect(result.status == 0, "\(result.err)")
    let report = try Self.object(result.out)
    let teacher = try Self.model(report, "teacher")
    let student = try Self.model(report, "student")
    let scratch = try Self.model(report, "student_from_scratch")
    #expect(student["params"] as? Int == scratch["params"] as? Int)
    #expect((student["params"] as? Int ?? .max) < (teacher["params"] as? Int ?? 0))
    #expect(report["temperature"] as? Double == 4 && report["alpha"] as? Double == 0.7)
    #expect(student["val_loss"] as? Double != scratch["val_loss"] as? Double)
  }

  @Test(arguments: [
    (["calc", "quantize", "tiny-gpt", "--dataset", "shakespeare", "--to", "int4"], "--steps"),
    (
      ["calc", "quantize", "tiny-gpt", "--dataset", "shakespeare", "--to", "fp16", "--steps", "5"],
      "--to fp16"
    ),
    (
      [
        "calc", "quantize", "tiny-gpt", "--dataset", "shakespeare", "--to", "int4", "--steps", "5",
        "--group", "24",
      ],
      "--group"
    ),
    (
      [
        "calc", "quantize", "tiny-gpt", "--dataset", "shakespeare", "--to", "int8", "--steps", "5",
        "--per-channel",
      ],
      "--per-channel"
    ),
    (
      [
        "calc", "quantize", "tiny-gpt", "--dataset", "shakespeare", "--to", "int8", "--steps", "5",
        "--rounds", "1",
      ],
      "--rounds"
    ),
    (
      ["calc", "quantize", "seed-mlp", "--dataset", "iris", "--to", "int8", "--group", "32"],
      "--group"
    ),
    (
      ["calc", "quantize", "seed-mlp", "--dataset", "iris", "--to", "int8", "--steps", "3"],
      "--steps"
    ),
    (
      [
        "calc", "prune", "tiny-gpt", "--dataset", "shakespeare", "--sparsity", "0.5", "--steps",
        "5",
        "--units", "heads",
      ],
      "--units"
    ),
    (
      [
        "calc", "prune", "tiny-gpt", "--dataset", "shakespeare", "--sparsity", "0.05", "--steps",
        "5", "--structured", "--units", "heads",
      ],
      "removes nothing"
    ),
    (
      [
        "calc", "prune", "tiny-gpt", "--dataset", "shakespeare", "--sparsity", "0.5", "--steps",
        "5",
        "--finetune-epochs", "3",
      ],
      "--finetune-steps"
    ),
    (
      // the default value given explicitly is refused too, not silently ignored
      [
        "calc", "prune", "tiny-gpt", "--dataset", "shakespeare", "--sparsity", "0.5", "--steps",
        "5", "--finetune-epochs", "2",
      ],
      "--finetune-steps"
    ),
    (
      [
        "calc", "distill", "--teacher", "tiny-gpt", "--student", "seed-mlp", "--dataset",
        "shakespeare",
      ],
      "--student"
    ),
    (
      [
        "calc", "distill", "--teacher", "tiny-gpt", "--student", "tiny-gpt", "--dataset",
        "shakespeare", "--steps", "5",
      ],
      "--student"
    ),
  ])
  func badCompressionInputIsOneErrorLine(_ words: [String], _ expected: String) throws {
    let folder = try TemporaryDirectory(prefix: "goldilocks-lmc-bad")
    defer { folder.remove() }
    let result = runCommand(words, environment: ["XDG_DATA_HOME": folder.file("data")])
    #expect(result.status == 1)
    #expect(result.out.isEmpty)
    #expect(result.err.hasPrefix("error: ") && result.err.contains(expected), "\(result.err)")
    #expect(result.err.split(separator: "\n").count == 1, "\(result.err)")
  }
}
