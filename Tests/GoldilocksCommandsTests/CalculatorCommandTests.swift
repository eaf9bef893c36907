import Engine
import Foundation
import GoldilocksCommands
import Terminal
import Testing
import _TestSupport

/// Runs one command line in a fresh session and returns status and output; the session
/// reads the system clock unless `clock` is given.
func runCommand(
  _ words: [String],
  db: String? = nil,
  environment: [String: String] = [:],
  input: [String]? = nil,
  clock: FixedClock? = nil
) -> (status: Int32, out: String, err: String) {
  let output = BufferedOutput()
  var env = ["NO_COLOR": "1", "HOME": NSTemporaryDirectory()]
  // Each run gets its own progress file unless a test shares one on purpose.
  env["GOLDILOCKS_DB"] =
    db ?? (NSTemporaryDirectory() + "goldilocks-run-\(UUID().uuidString).sqlite")
  for (key, value) in environment { env[key] = value }
  let session = Session(
    output: output,
    environment: env,
    lineReader: input.map { ScriptedLineReader($0) },
    isInteractive: false,
    isREPL: false,
    stdoutIsTerminal: false
  )
  if let clock { session.clock = clock }
  let status = CommandRunner.run(words, in: session)
  return (status, output.standardOutput, output.standardError)
}

@Suite struct CalculatorCommandTests {
  @Test func summaryJSONHasTheFieldsThatCliMdFixes() throws {
    let result = runCommand(["calc", "summary", "seed-cnn", "--json"])
    #expect(result.status == 0)
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any]
    )
    #expect(object["total_params"] as? Int == 121_930)
    #expect(object["trainable_params"] as? Int == 121_930)
    #expect(object["non_trainable_params"] as? Int == 0)
    let layers = try #require(object["layers"] as? [[String: Any]])
    #expect(layers.count == 7)
    #expect(layers[0]["type"] as? String == "conv2d")
    #expect(layers[0]["output_shape"] as? [Int] == [26, 26, 32])
    #expect(layers[0]["params"] as? Int == 320)
    let bytes = try #require(object["bytes"] as? [String: Int])
    #expect(bytes == ["fp32": 487_720, "fp16": 243_860, "int8": 121_930, "int4": 60_965])
    let memory = try #require(object["memory"] as? [String: Int])
    #expect(memory["inference_bytes"] ?? 0 > 487_720)
    #expect(memory["training_bytes"] ?? 0 > 4 * 487_720)
  }

  @Test("calc train seed-mlp on mnist for 10 epochs measures ≥ 0.90, then reuses the cache")
  func trainSeedMLPOnMNISTMeasuresAndCaches() throws {
    let data = NSTemporaryDirectory() + "goldilocks-train-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: data) }
    let words = ["calc", "train", "seed-mlp", "--dataset", "mnist", "--epochs", "10"]
    let first = runCommand(words + ["--json"], environment: ["XDG_DATA_HOME": data])
    #expect(first.status == 0, "\(first.err)")
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(first.out.utf8)) as? [String: Any]
    )
    let accuracy = try #require(object["accuracy"] as? Double)
    #expect(accuracy >= 0.90)
    #expect(object["params"] as? Int == 101_770)
    // 101,770 float32 values plus the safetensors header that was really written.
    let size = try #require(object["size_bytes"] as? Int)
    #expect(size > 4 * 101_770 && size < 4 * 101_770 + 2_048)
    let latency = try #require(object["latency_ms"] as? [String: Double])
    let (p50, p95, p99) = (latency["p50"] ?? 0, latency["p95"] ?? 0, latency["p99"] ?? 0)
    #expect(p50 > 0 && p50 <= p95 && p95 <= p99)
    #expect((object["train_seconds"] as? Double ?? 0) > 0)
    let second = runCommand(words, environment: ["XDG_DATA_HOME": data])
    #expect(second.status == 0)
    #expect(second.out.contains("(weights from the cache)"))
    #expect(second.out.contains(String(format: "%.4f", accuracy)))
  }

  @Test func summaryTableShowsTotalsLikeKeras() {
    let result = runCommand(["calc", "summary", "input(784) dense(128,relu) dense(10)"])
    #expect(result.status == 0)
    expectSnapshot(result.out, named: "summary-mlp-101770", group: "CalculatorCommandTests")
  }

  @Test func explainShowsTheFormulaWithNumbers() {
    let result = runCommand(["calc", "explain", "input(13,13,32) conv2d(64,3)"])
    #expect(result.status == 0)
    expectSnapshot(result.out, named: "explain-conv2d-18496", group: "CalculatorCommandTests")
  }

  @Test func aBadSpecIsOneErrorLineNamingTheTerm() {
    let result = runCommand([
      "calc", "summary",
      "input(28,28,1) conv2d(32,3) maxpool2d(2) conv2d(64,3) maxpool2d(2) conv2d(64,9)",
    ])
    #expect(result.status == 1)
    #expect(result.err == "error: term 6 `conv2d(64,9)`: kernel 9 is larger than its 5x5 input\n")
    #expect(result.out.isEmpty)
  }

  @Test func exportWritesASafetensorsFileOfExactlyHeaderPlusPayload() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let path = folder.file("mlp.safetensors")
    let result = runCommand([
      "calc", "export", "seed-mlp", "--format", "safetensors", "--out", path, "--json",
    ])
    #expect(result.status == 0, "\(result.err)")
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    let headerLength = data.prefix(8).enumerated().reduce(0) {
      $0 | Int($1.element) << (8 * $1.offset)
    }
    #expect(data.count == 8 + headerLength + 101_770 * 4)
    let file = try SafeTensorsFile.read(from: path)
    #expect(
      file.tensors.map(\.name).sorted() == [
        "1.dense.bias", "1.dense.kernel", "2.dense.bias", "2.dense.kernel",
      ]
    )
  }

  @Test func exportNeverOverwritesAFile() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let path = folder.file("keep.safetensors")
    try Data("precious".utf8).write(to: URL(fileURLWithPath: path))
    let result = runCommand(["calc", "export", "seed-mlp", "--out", path])
    #expect(result.status == 1)
    #expect(result.err.hasPrefix("error: "))
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "precious")
  }

  @Test func analyticPresetsAnswerSizeButRefuseExport() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let summary = runCommand(["calc", "summary", "gpt3-175b", "--json"])
    #expect(summary.status == 0)
    // Its JSON has 99 layers (1,200 lines): check the total rather than snapshot it all.
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(summary.out.utf8)) as? [String: Any]
    )
    #expect(object["total_params"] as? Int == 174_604_259_328)
    let export = runCommand(["calc", "export", "gpt2", "--out", folder.file("gpt2.safetensors")])
    #expect(export.status == 1)
    #expect(!FileManager.default.fileExists(atPath: folder.file("gpt2.safetensors")))
  }
}
