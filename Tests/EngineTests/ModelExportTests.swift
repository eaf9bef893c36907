import Engine
import Foundation
import Testing

@Suite struct ModelExportTests {
  static func seedCNN() throws -> ModelDescription {
    var model = try ModelDescription(inputShape: Shape(28, 28, 1), spec: "seed-cnn")
    try model.append(Conv2D(filters: 32, kernelSize: 3, activation: .relu))
    try model.append(Pool2D(.max, poolSize: 2))
    try model.append(Conv2D(filters: 64, kernelSize: 3, activation: .relu))
    try model.append(Pool2D(.max, poolSize: 2))
    try model.append(Flatten())
    try model.append(Dense(units: 64, activation: .relu))
    try model.append(BatchNormalization())
    try model.append(Dense(units: 10, activation: .softmax))
    return model
  }

  static func temporaryPath(_ name: String) -> String {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("goldilocks-engine-tests-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder.appendingPathComponent(name).path
  }

  @Test func tensorNamesFollowLayerPositionAndKerasOrder() throws {
    let file = try Self.seedCNN().safeTensorsFile(seed: 1)
    let names = Set(file.tensors.map(\.name))
    #expect(
      names == [
        "1.conv2d.kernel", "1.conv2d.bias", "3.conv2d.kernel", "3.conv2d.bias", "6.dense.kernel",
        "6.dense.bias", "7.batchnorm.gamma", "7.batchnorm.beta", "7.batchnorm.moving_mean",
        "7.batchnorm.moving_variance", "8.dense.kernel", "8.dense.bias",
      ]
    )
    #expect(file.tensor(named: "3.conv2d.kernel")?.shape == [3, 3, 32, 64])
    #expect(file.metadata == ["spec": "seed-cnn", "format": "goldilocks", "seed": "1"])
  }

  @Test(arguments: ModelDescription.ExportPrecision.allCases)
  func fileSizeIsEightPlusHeaderPlusPayload(_ precision: ModelDescription.ExportPrecision) throws {
    let model = try Self.seedCNN()
    let path = Self.temporaryPath("model.safetensors")
    let file = try model.safeTensorsFile(seed: 3, precision: precision)
    let written = try model.exportSafeTensors(to: path, seed: 3, precision: precision)
    let size = try #require(FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
    let payload = precision == .fp32 ? model.bytes.fp32 : model.bytes.fp16
    #expect(size == written)
    #expect(Int64(size) == 8 + Int64(try file.headerBytes().count) + payload)
    let read = try SafeTensorsFile.read(from: path)
    let weights = try model.loadWeights(from: read)
    #expect(weights.count == 12)
    if precision == .fp32 {
      #expect(weights == (try model.initialWeights(seed: 3)))
    }
  }

  @Test func exportNeverOverwritesUnlessAsked() throws {
    let model = try Self.seedCNN()
    let path = Self.temporaryPath("model.safetensors")
    try Data("keep me".utf8).write(to: URL(fileURLWithPath: path))
    #expect(throws: EngineError.fileExists(path: path)) {
      try model.exportSafeTensors(to: path, seed: 1)
    }
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "keep me")
    try model.exportSafeTensors(to: path, seed: 1, overwrite: true)
    #expect(try SafeTensorsFile.read(from: path).tensors.count == 12)
    let leftovers = try FileManager.default.contentsOfDirectory(
      atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path
    )
    #expect(leftovers == ["model.safetensors"])
  }

  @Test func failedExportLeavesNoFile() throws {
    let path = Self.temporaryPath("missing-folder/model.safetensors")
    #expect(throws: EngineError.self) { try Self.seedCNN().exportSafeTensors(to: path, seed: 1) }
    #expect(!FileManager.default.fileExists(atPath: path))
  }

  @Test func memoryBudgetRefusesHugeExportsWithTheSizeNeeded() throws {
    var model = try ModelDescription(inputShape: Shape(1000))
    try model.append(Dense(units: 500_000))
    do {
      _ = try model.safeTensorsFile(seed: 1)
      Issue.record("expected the budget to refuse")
    } catch {
      #expect(
        error
          == .memoryBudgetExceeded(
            needed: 6_006_000_000,
            budget: 2 << 30,
            what: "exporting this model at fp32"
          )
      )
    }
    #expect(throws: EngineError.self) {
      try Self.seedCNN().initialWeights(seed: 1, budget: MemoryBudget(bytes: 1000))
    }
  }
}
