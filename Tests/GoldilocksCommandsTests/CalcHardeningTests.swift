import Foundation
import Testing

@testable import GoldilocksCommands

/// The calculator commands under hostile input (issue 12): memory guard, negative and
/// non-finite option values, diverged training, one-line errors, consistent file sizes.
@Suite struct CalcHardeningTests {
  /// The one `error:` line of a refused command, after checking there is exactly one.
  static func oneErrorLine(
    _ result: (status: Int32, out: String, err: String),
    status: Int32 = 1,
    sourceLocation: SourceLocation = #_sourceLocation
  ) -> String {
    #expect(result.status == status, "\(result.err)", sourceLocation: sourceLocation)
    let lines = result.err.split(separator: "\n", omittingEmptySubsequences: true)
    let errors = lines.filter { $0.hasPrefix("error: ") }
    #expect(errors.count == 1, "\(result.err)", sourceLocation: sourceLocation)
    #expect(
      !result.err.contains("Error:") && !result.err.contains("Fatal"),
      sourceLocation: sourceLocation
    )
    return errors.first.map(String.init) ?? ""
  }

  static func json(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  static func withData<T>(_ body: ([String: String]) throws -> T) throws -> T {
    let folder = NSTemporaryDirectory() + "goldilocks-hardening-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: folder) }
    return try body(["XDG_DATA_HOME": folder])
  }

  // MARK: memory guard

  @Test func aModelTooBigForTheMemoryBudgetIsRefusedBeforeAllocating() throws {
    let cases: [[String]] = [
      [
        "calc", "train",
        "input(28,28,1) flatten dense(100000) dense(100000) dense(100000) dense(100000) dense(100000) dense(10)",
        "--dataset", "mnist", "--epochs", "1",
      ],
      ["calc", "time", "input(1000000000) dense(10)", "--runs", "1"],
      ["calc", "time", "vgg16", "--runs", "1", "--batch", "4096"],
      ["calc", "time", "gpt3-175b", "--runs", "1"],
      ["calc", "time", "vgg16", "--runs", "1", "--precision", "int8", "--memory-budget", "1GB"],
      [
        "calc", "train", "input(784) dense(20000) dense(20000) dense(10)", "--dataset", "mnist",
        "--memory-budget", "2GB",
      ],
      [
        "calc", "quantize", "input(784) dense(60000) dense(10)", "--dataset", "mnist", "--to",
        "int8", "--memory-budget", "100MB",
      ],
      [
        "calc", "prune", "input(784) dense(60000) dense(10)", "--dataset", "mnist", "--sparsity",
        "0.5", "--memory-budget", "100MB",
      ],
      ["calc", "whatif", "seed-mlp", "width=x64", "--memory-budget", "100MB"],
      [
        "calc", "distill", "--teacher", "input(784) dense(60000) dense(10)", "--student", "student",
        "--dataset", "mnist", "--memory-budget", "100MB",
      ],
    ]
    var lines: [String] = []
    for words in cases {
      let line = try Self.withData { Self.oneErrorLine(runCommand(words, environment: $0)) }
      // Without --memory-budget the budget is a share of this machine's memory.
      let machine = !words.contains("--memory-budget")
      lines.append(
        "$ goldilocks \(words.joined(separator: " "))\n"
          + (machine ? maskingMachineMemoryBudget(line) : line) + "\n"
      )
    }
    // Each refusal gives the estimate ("would need about …"), the budget, and the
    // --memory-budget value that would let the model through.
    expectSnapshot(lines.joined(), named: "memory-guard", group: "CalcHardeningTests")
  }

  @Test func anExportTooBigForTheBudgetIsRefusedAndWritesNothing() throws {
    let folder = NSTemporaryDirectory() + "goldilocks-export-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let out = folder + "/big.safetensors"
    let line = Self.oneErrorLine(
      runCommand([
        "calc", "export", "input(784) dense(60000) dense(10)", "--out", out, "--memory-budget",
        "100MB",
      ])
    )
    expectSnapshot(
      maskingTemporaryFolder(line, folder) + "\n",
      named: "export-over-the-budget",
      group: "CalcHardeningTests"
    )
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
  }

  @Test func theMemoryBudgetOptionIsRealAndLetsAModelThrough() throws {
    let spec = "input(1000) dense(1000) dense(10)"
    var lines: [String] = []
    let refused = runCommand(["calc", "time", spec, "--runs", "1", "--memory-budget", "4MB"])
    lines.append(Self.oneErrorLine(refused))
    let allowed = runCommand([
      "calc", "time", spec, "--runs", "1", "--memory-budget", "1GB", "--json",
    ])
    #expect(allowed.status == 0, "\(allowed.err)")
    for bad in ["lots", "-1GB", "0", "nan", "1e400", "5ZB", "2PB", ""] {
      let result = runCommand(["calc", "time", spec, "--memory-budget", bad])
      lines.append("--memory-budget '\(bad)': " + Self.oneErrorLine(result))
    }
    // The refusal at 4 MB states the budget as "4.0 MB"; each bad value names the option.
    expectSnapshot(
      lines.joined(separator: "\n") + "\n",
      named: "memory-budget-error-lines",
      group: "CalcHardeningTests"
    )
    #expect(MemoryOptions.bytes("8GB") == 8_000_000_000)
    #expect(MemoryOptions.bytes("512 MiB") == 536_870_912)
    #expect(MemoryOptions.bytes("1.5g") == 1_500_000_000)
    #expect(MemoryOptions.bytes("123") == 123)
  }

  // MARK: calc time

  @Test(arguments: [
    "input(16) embedding(100,8) flatten dense(2)",
    "input(32) embedding(1000,48) mha(6,8) flatten dense(2)",
    "input(64) embedding(2000,24) gru(32,return_sequences=true) layernorm gru(16)",
  ])
  func timingAModelThatStartsWithAnEmbeddingFeedsItTokenIds(spec: String) throws {
    let result = runCommand(["calc", "time", spec, "--runs", "3", "--batch", "2", "--json"])
    #expect(result.status == 0, "\(result.err)")
    let object = try Self.json(result.out)
    #expect(object["runs"] as? Int == 3)
  }

  @Test func anAnalyticModelThatFitsIsRefusedForHavingNoKernelsNotForItsSize() {
    let spec =
      "input(128) transformerembedding(8000,256,positions=128) transformer(4,1024) transformer(4,1024)"
    let line = Self.oneErrorLine(runCommand(["calc", "time", spec, "--runs", "1"]))
    // "… describe sizes, not kernels", not a refusal for being too big.
    expectSnapshot(
      line + "\n",
      named: "analytic-model-has-no-kernels",
      group: "CalcHardeningTests"
    )
  }

  // MARK: negative and non-finite option values

  @Test func negativeNumbersAreAcceptedAsValuesAndThenValidated() throws {
    let constant = runCommand([
      "calc", "schedule", "constant", "--target", "0.5", "--begin", "0", "--end", "-1",
      "--steps", "0,100,1000", "--json",
    ])
    #expect(constant.status == 0, "\(constant.err)")
    let points = try #require(
      try JSONSerialization.jsonObject(with: Data(constant.out.utf8)) as? [[String: Any]]
    )
    #expect(points.count == 3)
    let refusals: [[String]] = [
      [
        "calc", "schedule", "polynomial", "--initial", "0.1", "--final", "0.8", "--begin", "0",
        "--end", "100", "--power", "-2", "--steps", "0,100",
      ],
      [
        "calc", "schedule", "polynomial", "--initial", "0.1", "--final", "0.8", "--begin", "0",
        "--end", "100", "--power=-2", "--steps", "0,100",
      ],
      [
        "calc", "schedule", "polynomial", "--initial", "0.1", "--final", "0.8", "--begin", "0",
        "--end", "100", "--power", "nan", "--steps", "0,100", "--json",
      ],
      [
        "calc", "schedule", "polynomial", "--initial", "0.1", "--final", "0.8", "--begin", "0",
        "--end", "100", "--power", "inf", "--steps", "0,100", "--json",
      ],
      ["calc", "schedule", "constant", "--target", "0.5", "--begin", "-1", "--steps", "0"],
      ["calc", "schedule", "constant", "--target", "-0.5", "--begin", "0", "--steps", "0"],
      ["calc", "train", "seed-mlp", "--dataset", "mnist", "--lr", "-1"],
      ["calc", "train", "seed-mlp", "--dataset", "mnist", "--lr", "1e30"],
      ["calc", "train", "seed-mlp", "--dataset", "mnist", "--lr", "nan"],
      ["calc", "train", "seed-mlp", "--dataset", "mnist", "--epochs", "-3"],
      ["calc", "train", "seed-mlp", "--dataset", "mnist", "--batch", "-3"],
      ["calc", "train", "seed-mlp", "--dataset", "mnist", "--l2", "-0.1"],
      ["calc", "prune", "seed-mlp", "--dataset", "mnist", "--sparsity", "nan"],
      [
        "calc", "distill", "--teacher", "teacher", "--student", "student", "--dataset", "mnist",
        "--temperature", "-1",
      ],
      [
        "calc", "distill", "--teacher", "teacher", "--student", "student", "--dataset", "mnist",
        "--alpha", "inf",
      ],
      ["calc", "time", "seed-mlp", "--runs", "-5"],
      ["calc", "time", "seed-mlp", "--batch", "-1"],
    ]
    var transcript: [String] = []
    for words in refusals {
      let line = Self.oneErrorLine(runCommand(words))
      transcript.append("$ goldilocks \(words.joined(separator: " "))\n\(line)\n")
    }
    // Each negative value reaches its command's own check, which names the option; none
    // is taken for an option name ("Missing value").
    expectSnapshot(
      transcript.joined(),
      named: "negative-and-non-finite-values",
      group: "CalcHardeningTests"
    )
  }

  @Test(arguments: [
    ["calc", "whatif", "seed-mlp", "width=x\n2"],
    ["calc", "whatif", "input(784) dense(10,relu) dense(10)", "layer=3:conv2d(3,\n3)"],
    ["calc", "quantize", "seed-mlp", "--dataset", "mn\nist", "--to", "int8"],
    ["calc", "time", "seed-mlp", "--precision", "in\nt8\u{1B}[31m"],
    ["calc", "summary", "input(784)\ndense(10"],
    ["calc", "schedule", "constant", "--target", "0.5", "--begin", "0", "--steps", "1,\n2"],
  ])
  func anErrorEchoingALineBreakTheLearnerTypedIsStillOneLine(words: [String]) {
    let result = runCommand(words)
    let line = Self.oneErrorLine(result)
    #expect(result.err.split(separator: "\n").count == 1, "\(result.err)")
    #expect(!line.unicodeScalars.contains { $0.properties.generalCategory == .control })
  }

  @Test func aDivergedTrainingIsALearnerFacingErrorAlsoInJSONMode() throws {
    let line = try Self.withData { environment in
      Self.oneErrorLine(
        runCommand(
          [
            "calc", "train", "input(10) dense(1)", "--dataset", "regression", "--optimizer", "sgd",
            "--lr", "10", "--epochs", "1", "--json",
          ],
          environment: environment
        )
      )
    }
    #expect(line.contains("training diverged"))
    #expect(line.contains("--lr"))
    #expect(!line.contains("EncodingError"))
  }

  @Test func jsonOutputNeverFailsToEncodeANonFiniteNumber() throws {
    struct Odd: Encodable {
      let value: Double
    }
    let data = try CommandContext.jsonEncoder().encode(Odd(value: .nan))
    let text = String(decoding: data, as: UTF8.self)
    #expect(text.contains("\"value\" : \"nan\""))
  }

  // MARK: reports

  @Test func whatifReportsInferenceMemoryAtTheQuantizedPrecision() throws {
    let object = try Self.withData { environment in
      let result = runCommand(
        ["calc", "whatif", "seed-mlp", "quantize=int8", "--epochs", "1", "--json"],
        environment: environment
      )
      #expect(result.status == 0, "\(result.err)")
      return try Self.json(result.out)
    }
    let memory = try #require(object["memory"] as? [String: Any])
    let before = try #require(
      (memory["before"] as? [String: Any])?["inference_bytes"] as? Int
    )
    let after = try #require((memory["after"] as? [String: Any])?["inference_bytes"] as? Int)
    // fp32 weights 407,080 bytes; int8 codes 101,770 plus scales and int32 biases
    #expect(before == 407_080 + 4 * (784 + 128))
    #expect(after < before / 3)
    #expect(after > 101_770)
  }

  @Test func seedMLPsFileSizeIsTheSameInEveryCommand() throws {
    try Self.withData { environment in
      let train = runCommand(
        ["calc", "train", "seed-mlp", "--dataset", "mnist", "--epochs", "1", "--json"],
        environment: environment
      )
      #expect(train.status == 0, "\(train.err)")
      let trained = try Self.json(train.out)
      let quantize = runCommand(
        [
          "calc", "quantize", "seed-mlp", "--dataset", "mnist", "--to", "int8", "--epochs", "1",
          "--json",
        ],
        environment: environment
      )
      #expect(quantize.status == 0, "\(quantize.err)")
      let quantized = try Self.json(quantize.out)
      let prune = runCommand(
        [
          "calc", "prune", "seed-mlp", "--dataset", "mnist", "--sparsity", "0.5", "--epochs", "1",
          "--finetune-epochs", "0", "--json",
        ],
        environment: environment
      )
      #expect(prune.status == 0, "\(prune.err)")
      let pruned = try Self.json(prune.out)
      let sizes = [
        trained["size_bytes"] as? Int,
        (quantized["before"] as? [String: Any])?["size_bytes"] as? Int,
        (pruned["before"] as? [String: Any])?["size_bytes"] as? Int,
        (pruned["stored_forms_before"] as? [String: Any])?["dense"] as? Int,
      ]
      #expect(sizes == Array(repeating: 407_432, count: 4))
      // The size reported is the size of the file left on disk.
      let files = try #require(quantized["files"] as? [String: String])
      let onDisk = try FileManager.default.attributesOfItem(atPath: try #require(files["before"]))
      #expect((onDisk[.size] as? NSNumber)?.intValue == 407_432)
    }
  }

  @Test func theQuantizeReportDoesNotSayALayerWithoutWeightsHasKernels() throws {
    let object = try Self.withData { environment in
      let result = runCommand(
        [
          "calc", "quantize", "input(8,8,1) conv2d(4,3,relu) maxpool2d(2) flatten dense(10)",
          "--dataset", "digits", "--to", "int8", "--epochs", "1", "--json",
        ],
        environment: environment
      )
      #expect(result.status == 0, "\(result.err)")
      return try Self.json(result.out)
    }
    let notes = try #require(object["notes"] as? [String])
    let kernels = notes.filter { $0.contains("kernels are stored") }
    #expect(kernels.allSatisfy { !$0.contains("pool") }, "\(notes)")
    #expect(notes.contains { $0.contains("no weights to quantize") && $0.contains("pool") })
  }

  // MARK: fuzz

  @Test func seededFuzzOfCalcOptionValuesNeverTrapsAndErrorsAreOneLine() {
    var state: UInt64 = 2026
    func next(_ bound: Int) -> Int {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return Int((z ^ (z >> 31)) % UInt64(bound))
    }
    let numbers = [
      "-1", "0", "1", "2", "3", "0.5", "-2", "nan", "inf", "-inf", "1e308", "1e-308", "-0",
      "9223372036854775807", "9223372036854775808", "-9223372036854775808", "1e30", "0x10",
      "", " ", "abc", "1,2", "--json", "100001", "4097", "1.0000001", "1\n2", "\t", "\u{1B}[2J",
    ]
    let specs = [
      "input(2) dense(1)", "seed-mlp", "input(1) softmax embedding(1,1)", "input(0)",
      "dense(3)", "input(4) dense(3", "input(8)\ndense(2)", "gpt3-175b", "(", "",
      "input(16) embedding(10,4) flatten dense(2)",
    ]
    let commands: [(prefix: [String], options: [String])] = [
      (
        ["calc", "schedule", "polynomial"],
        ["--initial", "--final", "--begin", "--end", "--power", "--frequency", "--steps"]
      ),
      (
        ["calc", "schedule", "constant"],
        ["--target", "--begin", "--end", "--frequency", "--steps"]
      ),
      (["calc", "time"], ["--runs", "--batch", "--memory-budget", "--precision"]),
      (["calc", "summary"], ["--seed"]),
      (["calc", "explain"], []),
    ]
    let deadline = ContinuousClock.now + .seconds(4)
    var cases = 0
    while ContinuousClock.now < deadline && cases < 400 {
      let command = commands[next(commands.count)]
      var words = command.prefix
      if command.prefix[1] != "schedule" { words.append(specs[next(specs.count)]) }
      for option in command.options where next(4) > 0 {
        var value = numbers[next(numbers.count)]
        if option == "--runs", let runs = Int(value), runs > 3 { value = "100001" }
        if option == "--steps" {
          value = [value, numbers[next(numbers.count)]].joined(separator: ",")
        }
        words += next(5) == 0 ? ["\(option)=\(value)"] : [option, value]
      }
      if next(3) == 0 { words.append("--json") }
      let result = runCommand(words)
      cases += 1
      #expect([0, 1, 2].contains(result.status), "\(words)")
      if result.status == 1 {
        let errors = result.err.split(separator: "\n").filter { $0.hasPrefix("error: ") }
        #expect(errors.count == 1, "\(words): \(result.err)")
        #expect(
          !result.err.contains("EncodingError") && !result.err.contains("Fatal"),
          "\(words): \(result.err)"
        )
      }
    }
    #expect(cases >= 20)
  }
}
