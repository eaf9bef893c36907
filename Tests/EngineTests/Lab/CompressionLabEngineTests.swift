import Foundation
import Testing

@testable import Engine
@testable import Lab

@Suite("Compression lab: quantization and pruning of trained networks")
struct CompressionLabEngineTests {
  static let catalog = DatasetTests.catalog

  /// Digits with flat 64-feature examples, for MLPs.
  static func flatDigits() throws -> Dataset {
    var data = try catalog.load("digits", seed: 42)
    data.train.features = data.train.features.reshaped(to: [data.train.count, 64])
    data.test.features = data.test.features.reshaped(to: [data.test.count, 64])
    return data
  }

  static func trained(_ layers: [TrainableLayerConfig], on data: Dataset, epochs: Int) throws
    -> Network
  {
    var network = try Network(inputShape: data.train.featureShape, layers: layers, seed: 1)
    try Trainer(epochs: epochs, batchSize: 32, seed: 1).fit(&network, on: data.train)
    return network
  }

  static func accuracy(_ network: Network, _ data: Dataset) throws -> Double {
    try #require(try Trainer(epochs: 1).evaluate(network, on: data.test).accuracy)
  }

  @Test("int8 per-channel PTQ: file ≤ 30 % of fp32, accuracy within 1 point (digits)")
  func int8PerChannelOnDigits() throws {
    let data = try Self.flatDigits()
    let network = try Self.trained(
      [.dense(units: 512, activation: .relu), .dense(units: 10, activation: .softmax)],
      on: data,
      epochs: 3
    )
    let lab = ModelLab(cacheDirectory: nil)
    let calibration = ModelQuantizer.calibrationSample(from: data, count: 256, seed: 1)
    let quantized = try ModelQuantizer.quantize(
      network: network,
      target: .int8,
      perChannel: true,
      calibration: calibration
    )
    let fp32 = try lab.storedSize(lab.weightFile(network, metadata: [:]))
    let int8 = try lab.storedSize(quantized.storedFile())
    #expect(Double(int8) <= 0.30 * Double(fp32), "int8 \(int8) vs fp32 \(fp32)")
    let before = try Self.accuracy(network, data)
    let after = try quantized.accuracy(on: data.test, task: .classification)
    #expect(before - after <= 0.01, "fp32 \(before), int8 \(after)")
    #expect(quantized.integerLayers == ["dense", "dense_1"])
  }

  @Test(
    "int8 dense and conv outputs are close to float",
    arguments: [false, true]
  )
  func quantizedOutputsCloseToFloat(asymmetric: Bool) throws {
    let data = try Self.catalog.load("digits", seed: 42)
    let network = try Self.trained(
      [
        .conv2d(filters: 8, kernel: Window2D(3, 3), activation: .relu),
        .maxPool2d(pool: Window2D(2, 2), stride: Window2D(2, 2)),
        .conv2d(filters: 8, kernel: Window2D(3, 3), padding: .same, activation: .relu),
        .flatten, .dense(units: 16, activation: .relu), .dense(units: 10, activation: .softmax),
      ],
      on: data,
      epochs: 1
    )
    let quantized = try ModelQuantizer.quantize(
      network: network,
      target: .int8,
      perChannel: true,
      asymmetric: asymmetric,
      calibration: ModelQuantizer.calibrationSample(from: data, count: 128, seed: 2)
    )
    let batch = data.test.features.items(0..<64)
    let float = try network.predict(batch).scalars
    let integer = try quantized.predict(batch).scalars
    let worst = zip(float, integer).map { abs($0 - $1) }.max() ?? 0
    #expect(worst < 0.08, "largest probability difference \(worst)")
    #expect(quantized.integerLayers.contains("conv2d"))
    #expect(quantized.floatLayers == ["max_pooling2d"])
  }

  @Test("fp16 halves the file; int4 packs two weights per byte")
  func fp16AndInt4Sizes() throws {
    let data = try Self.flatDigits()
    let network = try Self.trained(
      [.dense(units: 256, activation: .relu), .dense(units: 10, activation: .softmax)],
      on: data,
      epochs: 1
    )
    let half = try ModelQuantizer.quantize(network: network, target: .fp16)
    let int4 = try ModelQuantizer.quantize(network: network, target: .int4, perChannel: true)
    let weights = half.payloadBytes[.weights] ?? 0
    #expect(weights == 2 * network.parameterCount)
    #expect(int4.payloadBytes[.weights] == (64 * 256 + 1) / 2 + (256 * 10) / 2)
    let before = try Self.accuracy(network, data)
    #expect(try before - half.accuracy(on: data.test, task: .classification) <= 0.005)
  }

  @Test("int8 without calibration data is refused with an explanation")
  func int8NeedsCalibration() throws {
    let network = try Network(inputShape: [4], layers: [.dense(units: 3)], seed: 1)
    #expect {
      try ModelQuantizer.quantize(network: network, target: .int8, calibration: nil)
    } throws: { error in
      "\(error)".contains("calibration data")
    }
  }

  @Test("50 % magnitude pruning with 2 fine-tune epochs: half the kernels, ≤ 1 point lost")
  func magnitudePruningOnDigits() throws {
    let data = try Self.flatDigits()
    var network = try Self.trained(
      [.dense(units: 64, activation: .relu), .dense(units: 10, activation: .softmax)],
      on: data,
      epochs: 8
    )
    let before = try Self.accuracy(network, data)
    _ = try ModelPruner.fineTune(
      &network,
      on: data,
      recipe: TrainingRecipe(epochs: 2, seed: 1),
      epochs: 2,
      sparsity: 0.5,
      global: false,
      schedule: .oneShot
    )
    #expect(abs(ModelPruner.kernelSparsity(network) - 0.5) <= 0.03)
    let nonzero = network.namedWeights().reduce(0) { $0 + $1.values.filter { $0 != 0 }.count }
    #expect(abs(Double(nonzero) / Double(network.parameterCount) - 0.5) <= 0.03)
    let after = try Self.accuracy(network, data)
    #expect(before - after <= 0.01, "before \(before), after \(after)")
  }

  @Test("polynomial schedule reaches the target; masks stay applied")
  func polynomialSchedule() throws {
    let data = try Self.flatDigits()
    var network = try Self.trained(
      [.dense(units: 32, activation: .relu), .dense(units: 10, activation: .softmax)],
      on: data,
      epochs: 1
    )
    let report = try ModelPruner.fineTune(
      &network,
      on: data,
      recipe: TrainingRecipe(epochs: 1, seed: 1),
      epochs: 1,
      sparsity: 0.7,
      global: true,
      schedule: .polynomial
    )
    #expect(report.maskUpdates.count > 2)
    #expect(abs(ModelPruner.kernelSparsity(network) - 0.7) <= 0.02)
  }

  @Test("structured 50 %: fewer than 70 % of parameters, MACs and file bytes")
  func structuredPruning() throws {
    let data = try Self.flatDigits()
    let network = try Self.trained(
      [
        .dense(units: 64, activation: .relu), .dense(units: 32, activation: .relu),
        .dense(units: 10, activation: .softmax),
      ],
      on: data,
      epochs: 2
    )
    let (pruned, changes) = try StructuredPruner.pruneWithReport(network: network, fraction: 0.5)
    #expect(changes.map(\.after) == [32, 16])
    #expect(pruned.outputShape == [10])
    #expect(Double(pruned.parameterCount) < 0.7 * Double(network.parameterCount))
    #expect(
      Double(ModelPruner.multiplyAccumulates(pruned))
        < 0.7 * Double(ModelPruner.multiplyAccumulates(network))
    )
    let lab = ModelLab(cacheDirectory: nil)
    let before = try lab.storedSize(lab.weightFile(network, metadata: [:]))
    let after = try lab.storedSize(lab.weightFile(pruned, metadata: [:]))
    #expect(Double(after) < 0.7 * Double(before))
    _ = try pruned.predict(data.test.features.items(0..<4))
  }

  @Test("structured pruning of a conv net shrinks batch norm and the dense after flatten")
  func structuredConv() throws {
    let network = try Network(
      inputShape: [8, 8, 1],
      layers: [
        .conv2d(filters: 8, kernel: Window2D(3, 3), activation: .relu), .batchNorm(),
        .maxPool2d(pool: Window2D(2, 2), stride: Window2D(2, 2)), .flatten,
        .dense(units: 10, activation: .softmax),
      ],
      seed: 3
    )
    let pruned = try StructuredPruner.prune(network: network, fraction: 0.5)
    #expect(pruned.layers[1].weights[0].shape == [4])
    #expect(pruned.layers[4].weights[0].shape == [3 * 3 * 4, 10])
  }

  @Test("structured pruning refuses a model whose only layer is the output layer")
  func structuredRefusesOutputLayer() throws {
    let network = try Network(inputShape: [4], layers: [.dense(units: 3)], seed: 1)
    #expect {
      try StructuredPruner.prune(network: network, fraction: 0.5)
    } throws: { error in
      "\(error)".contains("output layer")
    }
  }

  @Test("at 80 % sparsity the sparse and compressed files are smaller than the dense one")
  func storedFormsAt80Percent() throws {
    let network = try Network(
      inputShape: [64],
      layers: [.dense(units: 128, activation: .relu), .dense(units: 10)],
      seed: 5
    )
    let pruned = try ModelPruner.prune(network: network, sparsity: 0.8, global: false)
    let forms = try StoredForms(network: pruned)
    let dense = try forms.dense.serialized().count
    #expect(try forms.sparse.serialized().count < dense / 2)
    #expect(forms.compressed.count < dense / 2)
    #expect(forms.encodings["dense/kernel"] == "bitmask")
    let unpruned = try StoredForms(network: network)
    #expect(unpruned.encodings["dense/kernel"] == "dense")
  }

  @Test("sparsity outside [0, 1) is rejected")
  func sparsityRange() throws {
    let network = try Network(inputShape: [4], layers: [.dense(units: 3)], seed: 1)
    #expect(throws: EngineError.self) {
      try ModelPruner.prune(network: network, sparsity: 1, global: false)
    }
    #expect(throws: EngineError.self) {
      try StructuredPruner.prune(network: network, fraction: -0.1)
    }
  }

  @Test("the trainer's afterStep hook runs once per optimizer step")
  func afterStepHook() throws {
    let data = try Self.catalog.load("iris", seed: 1)
    var network = try Network(inputShape: [4], layers: [.dense(units: 3, activation: .softmax)])
    var steps: [Int] = []
    try Trainer(epochs: 2, batchSize: 32).fit(
      &network,
      on: data.train,
      afterStep: { _, step in steps.append(step) }
    )
    let perEpoch = (data.train.count + 31) / 32
    #expect(steps == Array(1...(2 * perEpoch)))
  }

  /// The targets on seed-mlp and MNIST.
  @Test("seed-mlp on mnist: int8 per-channel ≤ 30 % size and ≤ 1 point; 50 % pruning ≤ 1 point")
  func seedMLPOnMNIST() throws {
    var data = try Self.catalog.load("mnist", seed: 42)
    data.train.features = data.train.features.reshaped(to: [data.train.count, 784])
    data.test.features = data.test.features.reshaped(to: [data.test.count, 784])
    var network = try Self.trained(
      [.dense(units: 128, activation: .relu), .dense(units: 10, activation: .softmax)],
      on: data,
      epochs: 5
    )
    let lab = ModelLab(cacheDirectory: nil)
    let before = try Self.accuracy(network, data)
    let quantized = try ModelQuantizer.quantize(
      network: network,
      target: .int8,
      perChannel: true,
      calibration: ModelQuantizer.calibrationSample(from: data, count: 256, seed: 1)
    )
    let fp32 = try lab.storedSize(lab.weightFile(network, metadata: [:]))
    let int8 = try lab.storedSize(quantized.storedFile())
    #expect(Double(int8) <= 0.30 * Double(fp32))
    #expect(try before - quantized.accuracy(on: data.test, task: .classification) <= 0.01)
    _ = try ModelPruner.fineTune(
      &network,
      on: data,
      recipe: TrainingRecipe(epochs: 2, seed: 1),
      epochs: 2,
      sparsity: 0.5,
      global: false,
      schedule: .oneShot
    )
    #expect(abs(ModelPruner.kernelSparsity(network) - 0.5) <= 0.03)
    #expect(try before - Self.accuracy(network, data) <= 0.01)
  }
}
