import Engine
import Foundation
import Lab
import ProgressStore
import SpecLanguage
import Testing
import _TestSupport

/// `calc export --dataset`: trains as `calc train` does and writes the trained weights under
/// the names, shapes and dtypes of the initialised export.
@Suite struct TrainedExportTests {
  static let spec = "input(4) dense(8,relu) dense(3)"

  /// One test's folder: its own weight cache (`XDG_DATA_HOME`) and its output files.
  struct Sandbox {
    let folder: TemporaryDirectory

    init() throws { folder = try TemporaryDirectory(prefix: "goldilocks-export") }

    var environment: [String: String] { ["XDG_DATA_HOME": folder.file("data")] }
    var cache: String { folder.file("data/goldilocks/cache") }

    func run(_ words: [String]) -> (status: Int32, out: String, err: String) {
      runCommand(words, environment: environment)
    }

    /// `calc export SPEC --out FILE` plus `words`.
    func export(_ spec: String, to name: String, _ words: [String] = []) -> (
      status: Int32, out: String, err: String
    ) {
      run(["calc", "export", spec, "--format", "safetensors", "--out", folder.file(name)] + words)
    }

    /// The files of the output folder, without the data folder.
    func outputFiles() throws -> [String] {
      try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0 != "data" }
        .sorted()
    }
  }

  static func json(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  static func iris() throws -> Dataset {
    let catalog = DatasetCatalog(
      directory: URL(fileURLWithPath: ClassicalCommandTests.root + "/content/datasets")
    )
    return try catalog.load("iris", seed: 42)
  }

  @Test func exportAfterTrainingOnIrisHoldsTheTrainedNetworksWeights() throws {
    let sandbox = try Sandbox()
    defer { sandbox.folder.remove() }
    let result = sandbox.export(
      Self.spec,
      to: "trained.safetensors",
      ["--dataset", "iris", "--json"]
    )
    #expect(result.status == 0, "\(result.err)")
    let object = try Self.json(result.out)
    #expect(object["dataset"] as? String == "iris")
    #expect(object["epochs"] as? Int == 5)
    #expect(object["from_cache"] as? Bool == false)
    #expect(object["params"] as? Int == 67)
    let accuracy = try #require(object["accuracy"] as? Double)

    // The same training in this process, through the engine alone.
    let model = try ModelSpec.parse(Self.spec)
    let trained = try ModelLab(cacheDirectory: nil).train(
      model,
      spec: Self.spec,
      on: try Self.iris(),
      recipe: TrainingRecipe(seed: 42)
    )
    let file = try SafeTensorsFile.read(from: sandbox.folder.file("trained.safetensors"))
    let exportName = [
      "dense/kernel": "1.dense.kernel", "dense/bias": "1.dense.bias",
      "dense_1/kernel": "2.dense.kernel", "dense_1/bias": "2.dense.bias",
    ]
    let weights = trained.network.namedWeights()
    #expect(weights.count == file.tensors.count)
    for weight in weights {
      let tensor = try #require(file.tensor(named: exportName[weight.name] ?? weight.name))
      #expect(tensor.dtype == .f32)
      #expect(tensor.shape == weight.shape)
      #expect(try tensor.floatValues() == weight.values, "\(weight.name)")
    }
    let measured = try ModelLab(cacheDirectory: nil).accuracy(
      trained.network,
      on: trained.dataset
    )
    // Foundation's JSON parser may be one ulp off the printed shortest decimal.
    #expect(abs(accuracy - measured) < 1e-12)
    #expect(file.metadata["dataset"] == "iris")
    #expect(file.metadata["epochs"] == "5")
    #expect(file.metadata["seed"] == "42")
    #expect(file.metadata["accuracy"] == String(measured))
    #expect(file.metadata["format"] == "goldilocks")

    // Exactly the names, shapes and dtypes of the initialised export.
    #expect(sandbox.export(Self.spec, to: "initialised.safetensors").status == 0)
    let initialised = try SafeTensorsFile.read(from: sandbox.folder.file("initialised.safetensors"))
    #expect(
      initialised.orderedTensors.map { [$0.name, $0.dtype.rawValue, "\($0.shape)"] }
        == file.orderedTensors.map { [$0.name, $0.dtype.rawValue, "\($0.shape)"] }
    )
  }

  @Test("a trained export is recorded in the experiment history; an initialised one is not")
  func aTrainedExportGoesIntoTheExperimentHistory() throws {
    let sandbox = try Sandbox()
    defer { sandbox.folder.remove() }
    let db = sandbox.folder.file("progress.sqlite")
    func export(_ name: String, _ words: [String]) -> Int32 {
      let words = ["calc", "export", Self.spec, "--out", sandbox.folder.file(name)] + words
      return runCommand(words, db: db, environment: sandbox.environment).status
    }
    #expect(export("initialised.safetensors", []) == 0)
    #expect(export("trained.safetensors", ["--dataset", "iris"]) == 0)
    let store = try ProgressStore.open(path: db)
    let profile = try #require(try store.profiles().first)
    let experiments = try store.experiments(profileId: try #require(profile.id))
    #expect(experiments.map(\.command) == ["calc export"])
    let result = try Self.json(try #require(experiments.first).resultJSON)
    #expect(result["dataset"] as? String == "iris")
    #expect(result["file"] as? String == sandbox.folder.file("trained.safetensors"))
  }

  @Test func aSecondExportAfterCalcTrainComesFromTheCache() throws {
    let sandbox = try Sandbox()
    defer { sandbox.folder.remove() }
    let train = sandbox.run(["calc", "train", Self.spec, "--dataset", "iris", "--json"])
    #expect(train.status == 0, "\(train.err)")
    let trainedAccuracy = try #require(try Self.json(train.out)["accuracy"] as? Double)
    let cached = try FileManager.default.contentsOfDirectory(atPath: sandbox.cache)
    #expect(cached.count == 1)

    let json = sandbox.export(Self.spec, to: "a.safetensors", ["--dataset", "iris", "--json"])
    #expect(json.status == 0, "\(json.err)")
    let object = try Self.json(json.out)
    #expect(object["from_cache"] as? Bool == true)
    #expect(object["accuracy"] as? Double == trainedAccuracy)
    // Loading from the cache trains nothing: no epoch lines.
    #expect(!json.err.contains("epoch"))

    let human = sandbox.export(Self.spec, to: "b.safetensors", ["--dataset", "iris"])
    #expect(human.status == 0, "\(human.err)")
    #expect(human.out.contains("Wrote \(sandbox.folder.file("b.safetensors")):"))
    #expect(
      human.out.contains("trained on iris for 5 epochs with seed 42 (weights from the cache)")
    )
    #expect(human.out.contains(String(format: "%.4f", trainedAccuracy)))

    // The exported tensors are the cached ones, renamed.
    let cache = try SafeTensorsFile.read(from: sandbox.cache + "/" + cached[0])
    let export = try SafeTensorsFile.read(from: sandbox.folder.file("a.safetensors"))
    #expect(
      try export.tensor(named: "2.dense.kernel")?.floatValues()
        == cache.tensor(named: "dense_1/kernel")?.floatValues()
    )
    #expect(try FileManager.default.contentsOfDirectory(atPath: sandbox.cache) == cached)

    // Other training options are another recipe: trained anew, not taken from the cache.
    let other = sandbox.export(
      Self.spec,
      to: "c.safetensors",
      ["--dataset", "iris", "--epochs", "2", "--json"]
    )
    #expect(other.status == 0, "\(other.err)")
    #expect(try Self.json(other.out)["from_cache"] as? Bool == false)
    #expect(try Self.json(other.out)["epochs"] as? Int == 2)
  }

  @Test(
    "fp16 and int8 trained exports have the initialised export's dtypes and scale tensors",
    arguments: ["fp16", "int8"]
  )
  func quantizedTrainedExport(precision: String) throws {
    let sandbox = try Sandbox()
    defer { sandbox.folder.remove() }
    let fp32 = sandbox.export(Self.spec, to: "fp32.safetensors", ["--dataset", "iris"])
    #expect(fp32.status == 0, "\(fp32.err)")
    let quantized = sandbox.export(
      Self.spec,
      to: "q.safetensors",
      ["--dataset", "iris", "--quantize", precision]
    )
    #expect(quantized.status == 0, "\(quantized.err)")
    #expect(quantized.out.contains("(weights from the cache)"))
    let initialised = sandbox.export(Self.spec, to: "init.safetensors", ["--quantize", precision])
    #expect(initialised.status == 0, "\(initialised.err)")

    let reference = try SafeTensorsFile.read(from: sandbox.folder.file("fp32.safetensors"))
    let file = try SafeTensorsFile.read(from: sandbox.folder.file("q.safetensors"))
    let untrained = try SafeTensorsFile.read(from: sandbox.folder.file("init.safetensors"))
    #expect(
      file.orderedTensors.map { [$0.name, $0.dtype.rawValue, "\($0.shape)"] }
        == untrained.orderedTensors.map { [$0.name, $0.dtype.rawValue, "\($0.shape)"] }
    )
    #expect(file.metadata["dataset"] == "iris")
    #expect(file.metadata["accuracy"] == reference.metadata["accuracy"])
    for name in ["1.dense.kernel", "1.dense.bias", "2.dense.kernel", "2.dense.bias"] {
      let stored = try #require(file.tensor(named: name))
      let values = try #require(try reference.tensor(named: name)?.floatValues())
      if precision == "fp16" {
        #expect(stored.dtype == .f16)
        #expect(try stored.floatValues() == values.map { Float(Float16($0)) })
        continue
      }
      guard name.hasSuffix("kernel") else {
        #expect(stored.dtype == .f32)
        #expect(try stored.floatValues() == values)
        continue
      }
      #expect(stored.dtype == .i8)
      let scale = try #require(file.tensor(named: name + "_scale"))
      #expect(scale.dtype == .f32)
      let scales = try scale.floatValues()
      let channels = stored.shape[1]
      #expect(scale.shape == [channels])
      // Symmetric per output channel: the largest |w| of each channel maps to ±127.
      let codes = try stored.floatValues()
      for (index, value) in values.enumerated() {
        let channelScale = scales[index % channels]
        #expect(abs(codes[index] * channelScale - value) <= channelScale / 2 + 1e-6)
      }
      for channel in 0..<channels {
        let largest =
          stride(from: channel, to: values.count, by: channels).map { abs(values[$0]) }
          .max() ?? 0
        #expect(abs(scales[channel] - largest / 127) <= 1e-6)
      }
    }
    if precision == "int8" { #expect(file.metadata["precision"] == "int8") }
  }

  @Test func anExistingOutputFileIsNotOverwrittenAndNothingIsTrained() throws {
    let sandbox = try Sandbox()
    defer { sandbox.folder.remove() }
    let path = sandbox.folder.file("model.safetensors")
    let bytes = Data("the learner's own file".utf8)
    try bytes.write(to: URL(fileURLWithPath: path))
    let result = sandbox.export(Self.spec, to: "model.safetensors", ["--dataset", "iris"])
    #expect(result.status == 1)
    #expect(result.out.isEmpty)
    #expect(
      result.err
        == "error: \(path) already exists and is left untouched; choose another file name (with --out)\n"
    )
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
    #expect(try sandbox.outputFiles() == ["model.safetensors"])
    #expect(!FileManager.default.fileExists(atPath: sandbox.cache))
  }

  @Test("bad input gives one error line naming the problem and the fix, and writes nothing")
  func badInput() throws {
    let cases: [[String]] = [
      ["input(784) dense(10)", "--dataset", "iris"], ["gpt2", "--dataset", "iris"],
      ["input(4) dense(3)", "--dataset", "nope"], ["input(4) dense(2)", "--dataset", "iris"],
      ["input(4) dense(3)", "--epochs", "3"],
      ["input(4) dense(3)", "--optimizer", "sgd", "--l2", "0.1"],
    ]
    var blocks: [String] = []
    for words in cases {
      let sandbox = try Sandbox()
      defer { sandbox.folder.remove() }
      let command = ["calc", "export"] + words + ["--out", sandbox.folder.file("m.safetensors")]
      let result = sandbox.run(command)
      #expect(result.status == 1, "\(words)")
      #expect(result.out.isEmpty, "\(words)")
      #expect(result.err.split(separator: "\n").count == 1, "\(result.err)")
      #expect(try sandbox.outputFiles().isEmpty, "\(words)")
      blocks.append(maskingTemporaryFolder(transcript(command, result), sandbox.folder.path))
    }
    // The fixes: start the spec with input(4), try a buildable model, choose a dataset, end
    // the spec with dense(3,softmax), add --dataset D, leave --optimizer out.
    expectSnapshot(blocks.joined(), named: "bad-export-input", group: "TrainedExportTests")
  }
}
