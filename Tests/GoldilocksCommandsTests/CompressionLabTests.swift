import Foundation
import GoldilocksCommands
import Testing

@Suite("calc quantize, calc prune, calc time --precision, calc export --quantize int8")
struct CompressionLabTests {
  static let small = "input(4) dense(16,relu) dense(3)"

  static func json(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  @Test(
    "quantize --json has before and after measured models",
    arguments: ["int8", "fp16", "int4"]
  )
  func quantizeJSON(to: String) throws {
    // Wide enough that scales, int32 biases and the header do not outweigh the saving.
    let result = runCommand(
      [
        "calc", "quantize", "input(4) dense(256,relu) dense(3)", "--dataset", "iris", "--to", to,
        "--epochs", "2", "--json",
      ] + (to == "fp16" ? [] : ["--per-channel"])
    )
    #expect(result.status == 0, "\(result.err)")
    let object = try Self.json(result.out)
    let before = try #require(object["before"] as? [String: Any])
    let after = try #require(object["after"] as? [String: Any])
    for key in [
      "params", "nonzero_params", "size_bytes", "accuracy", "latency_ms", "train_seconds",
    ] {
      #expect(before[key] != nil && after[key] != nil, "\(key)")
    }
    let beforeSize = try #require(before["size_bytes"] as? Int)
    let afterSize = try #require(after["size_bytes"] as? Int)
    #expect(afterSize < beforeSize)
    #expect((object["scheme"] as? [String: Any])?["precision"] as? String == to)
  }

  @Test("prune --json has before, after and the three stored forms")
  func pruneJSON() throws {
    let result = runCommand([
      "calc", "prune", Self.small, "--dataset", "iris", "--sparsity", "0.8",
      "--finetune-epochs", "1", "--epochs", "2", "--json",
    ])
    #expect(result.status == 0, "\(result.err)")
    let object = try Self.json(result.out)
    #expect(object["before"] != nil && object["after"] != nil)
    let forms = try #require(object["stored_forms"] as? [String: Int])
    let dense = try #require(forms["dense"])
    #expect(try #require(forms["sparse"]) < dense)
    #expect(try #require(forms["compressed"]) < dense)
  }

  @Test("structured prune shrinks the dense file and the parameter count")
  func structuredPruneText() throws {
    let result = runCommand([
      "calc", "prune", "input(4) dense(32,relu) dense(16,relu) dense(3)", "--dataset", "iris",
      "--sparsity", "0.5", "--structured", "--finetune-epochs", "1", "--epochs", "2", "--json",
    ])
    #expect(result.status == 0, "\(result.err)")
    let object = try Self.json(result.out)
    let before = try #require(object["before"] as? [String: Any])
    let after = try #require(object["after"] as? [String: Any])
    let paramsBefore = try #require(before["params"] as? Int)
    let paramsAfter = try #require(after["params"] as? Int)
    let sizeBefore = try #require(before["size_bytes"] as? Int)
    let sizeAfter = try #require(after["size_bytes"] as? Int)
    #expect(paramsAfter < paramsBefore)
    #expect(sizeAfter < sizeBefore)
  }

  @Test("an analytic-only preset gets size answers and a plain no-measurement message")
  func analyticPreset() throws {
    let result = runCommand(["calc", "quantize", "bert-base", "--dataset", "mnist", "--to", "int8"])
    #expect(result.status == 0)
    // bert-base's 109,482,240 parameters at each precision, and why no accuracy is measured.
    expectSnapshot(result.out, named: "quantize-bert-base", group: "CompressionLabTests")
  }

  @Test(
    "bad input gives one error line and exit 1",
    arguments: [
      ["calc", "prune", small, "--dataset", "iris", "--sparsity", "1.5"],
      ["calc", "prune", small, "--dataset", "iris", "--sparsity=-0.1"],
      ["calc", "prune", small, "--dataset", "iris", "--sparsity", "0.5", "--schedule", "cubic"],
      [
        "calc", "prune", "input(4) dense(3)", "--dataset", "iris", "--sparsity", "0.5",
        "--structured",
      ],
      ["calc", "quantize", small, "--dataset", "iris", "--to", "int9"],
      ["calc", "quantize", small, "--dataset", "iris", "--to", "int8", "--calibration", "0"],
      ["calc", "time", small, "--precision", "int3"],
    ]
  )
  func badInput(words: [String]) {
    let result = runCommand(words)
    #expect(result.status == 1)
    let lines = result.err.split(separator: "\n")
    #expect(lines.count == 1 && lines[0].hasPrefix("error: "), "\(result.err)")
  }

  @Test("calc time --precision int8 and fp16 time the reduced paths", arguments: ["int8", "fp16"])
  func timeReducedPrecision(precision: String) throws {
    let result = runCommand([
      "calc", "time", "input(8,8,1) conv2d(4,3,relu) flatten dense(10)", "--precision",
      precision, "--runs", "5", "--json",
    ])
    #expect(result.status == 0, "\(result.err)")
    #expect(try Self.json(result.out)["precision"] as? String == precision)
  }

  @Test("export --quantize int8 writes I8 kernels with a scale tensor each")
  func exportInt8() throws {
    let path = NSTemporaryDirectory() + "goldilocks-int8-\(UUID().uuidString).safetensors"
    defer { try? FileManager.default.removeItem(atPath: path) }
    let result = runCommand([
      "calc", "export", "input(4) dense(8,relu) dense(3)", "--format", "safetensors", "--out",
      path, "--quantize", "int8",
    ])
    #expect(result.status == 0, "\(result.err)")
    let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    let length = bytes[0..<8].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
    let header = try Self.json(String(decoding: bytes[8..<(8 + length)], as: UTF8.self))
    #expect((header["1.dense.kernel"] as? [String: Any])?["dtype"] as? String == "I8")
    #expect((header["1.dense.kernel_scale"] as? [String: Any])?["shape"] as? [Int] == [8])
    #expect((header["1.dense.bias"] as? [String: Any])?["dtype"] as? String == "F32")
  }
}
