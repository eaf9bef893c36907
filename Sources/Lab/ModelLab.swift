import Engine
import Foundation

/// Trains and measures models: build, train or reuse cached weights, write, time.
///
/// It knows nothing of the terminal: progress goes to a callback and cancellation
/// comes from a closure.
public struct ModelLab: Sendable {
  /// A network with weights, how it was obtained, and what it was trained on.
  public struct TrainedModel: Sendable {
    public var network: Network
    public var model: ModelDescription
    public var dataset: Dataset
    public var recipe: TrainingRecipe
    /// Epochs actually finished (fewer than asked when training was stopped).
    public var completedEpochs: Int
    public var trainSeconds: Double
    public var fromCache: Bool
    /// The safetensors file the weights are stored in, when cached.
    public var file: String?
  }

  /// Where trained weights are kept, keyed by spec, dataset, recipe and seed; nil keeps none.
  public let cacheDirectory: String?

  /// The most memory one model may take; checked before a network is built.
  public let memoryBudget: MemoryBudget

  public init(cacheDirectory: String?, memoryBudget: MemoryBudget = .physical()) {
    self.cacheDirectory = cacheDirectory
    self.memoryBudget = memoryBudget
  }

  /// Throws `memoryBudgetExceeded` when training `model` with `recipe` would not fit.
  public func checkTrainingMemory(_ model: ModelDescription, recipe: TrainingRecipe)
    throws(EngineError)
  {
    let use = MemoryEstimate.Use.training(
      batch: recipe.batchSize,
      optimizerSlots: recipe.optimizerSlots
    )
    try memoryBudget.check(
      MemoryEstimate(model: model, use: use),
      for: NetworkBuilder.memoryPurpose(model, use),
      batch: use.batch
    )
    // Measuring accuracy afterwards runs the test split in chunks of at least 256.
    try checkInferenceMemory(model, batch: max(recipe.batchSize, Self.evaluationChunk))
  }

  /// The smallest chunk of examples `Trainer.evaluate` runs at once.
  public static let evaluationChunk = 256

  /// Throws `memoryBudgetExceeded` when running `model` on `batch` examples would not fit.
  public func checkInferenceMemory(_ model: ModelDescription, batch: Int) throws(EngineError) {
    let use = MemoryEstimate.Use.inference(batch: batch)
    try memoryBudget.check(
      MemoryEstimate(model: model, use: use),
      for: NetworkBuilder.memoryPurpose(model, use),
      batch: use.batch
    )
  }

  /// The version of how initial weights are drawn, part of the weight cache's key.
  ///
  /// Bump it whenever the same spec, dataset and recipe would start from different weights
  /// (a new initializer or random generator), so weights trained the old way are never
  /// reused under the new meaning. Version 3: network layers build their weights from their
  /// descriptions (one orthogonal recurrent kernel, `depthwise_kernel` saved under Keras'
  /// name); version 2: one initializer (`WeightInitializer`) for the training layers;
  /// version 1 (no prefix) used a separate Keras initializer.
  public static let weightsVersion = 3

  /// The cache file for a spec, dataset and recipe.
  public func cacheFile(spec: String, dataset: String, recipe: TrainingRecipe) -> String? {
    guard let cacheDirectory else { return nil }
    let key = "v\(Self.weightsVersion)|\(spec)|\(dataset)|\(recipe.key)"
    return cacheDirectory + "/" + Self.fnv1a(key) + ".safetensors"
  }

  /// Trains `model` on `dataset` with `recipe`, or loads the same training from the cache.
  public func train(
    _ model: ModelDescription,
    spec: String,
    on dataset: Dataset,
    recipe: TrainingRecipe,
    progress: (TrainingEvent) -> Void = { _ in },
    isCancelled: () -> Bool = { false }
  ) throws -> TrainedModel {
    try recipe.validate()
    let dataset = dataset.fitted(to: model.inputShape.dimensions)
    do {
      try dataset.fits(inputShape: model.inputShape.dimensions)
    } catch {
      throw EngineError.invalidArgument("\(error)")
    }
    try checkOutputs(model, dataset)
    try checkTrainingMemory(model, recipe: recipe)
    var network = try NetworkBuilder.network(
      for: model,
      task: dataset.task,
      seed: recipe.seed,
      use: .training(batch: recipe.batchSize, optimizerSlots: recipe.optimizerSlots),
      budget: memoryBudget
    )
    let file = cacheFile(spec: spec, dataset: dataset.name, recipe: recipe)
    if let file, FileManager.default.fileExists(atPath: file),
      let stored = try? SafeTensorsFile.read(from: file),
      (try? load(stored, into: &network)) != nil
    {
      let seconds = Double(stored.metadata["train_seconds"] ?? "") ?? 0
      return TrainedModel(
        network: network,
        model: model,
        dataset: dataset,
        recipe: recipe,
        completedEpochs: recipe.epochs,
        trainSeconds: seconds,
        fromCache: true,
        file: file
      )
    }
    let trainer = recipe.trainer(loss: NetworkBuilder.loss(for: model, dataset: dataset))
    let history: TrainingHistory
    do {
      history = try trainer.fit(
        &network,
        on: dataset.train,
        validation: dataset.test,
        progress: progress,
        isCancelled: isCancelled
      )
    } catch {
      throw EngineError.unsupported("\(error)")
    }
    try Self.requireFinite(network, history: history, recipe: recipe)
    let seconds = LatencyReport.seconds(history.elapsed)
    var stored: String?
    if let file, !history.cancelled {
      try? FileManager.default.createDirectory(
        atPath: (file as NSString).deletingLastPathComponent,
        withIntermediateDirectories: true
      )
      let weights = weightFile(
        network,
        metadata: [
          "spec": spec, "dataset": dataset.name, "recipe": recipe.key,
          "train_seconds": String(seconds),
        ]
      )
      if (try? weights.write(to: file, overwrite: true)) != nil { stored = file }
    }
    return TrainedModel(
      network: network,
      model: model,
      dataset: dataset,
      recipe: recipe,
      completedEpochs: history.epochs.count,
      trainSeconds: seconds,
      fromCache: false,
      file: stored
    )
  }

  /// Throws `trainingDiverged` when an epoch's loss or any weight is NaN or infinite.
  ///
  /// Checked before the weights are cached or measured, so a diverged run never turns
  /// into a report of NaN accuracy (or a JSON document that cannot be written).
  public static func requireFinite(
    _ network: Network,
    history: TrainingHistory,
    recipe: TrainingRecipe
  ) throws(EngineError) {
    if let bad = history.epochs.first(where: {
      !$0.loss.isFinite || $0.validationLoss.map { !$0.isFinite } == true
    }) {
      throw .trainingDiverged(epoch: bad.epoch, learningRate: recipe.learningRate)
    }
    for layer in network.layers {
      for weight in layer.weights where !weight.scalars.allSatisfy(\.isFinite) {
        throw .trainingDiverged(
          epoch: history.epochs.last?.epoch ?? 1,
          learningRate: recipe.learningRate
        )
      }
    }
  }

  /// Measures a trained network: parameters, nonzero parameters, the size of its
  /// safetensors file, held-out accuracy and batch-1 latency.
  public func measure(
    _ network: Network,
    on dataset: Dataset,
    trainSeconds: Double,
    latencyRuns: Int = 200
  ) throws -> MeasuredModel {
    let dataset = dataset.fitted(to: network.inputShape)
    let weights = network.namedWeights()
    let nonzero = weights.reduce(0) { $0 + $1.values.filter { $0 != 0 }.count }
    let size = try storedSize(weightFile(network, metadata: Self.standardMetadata))
    return MeasuredModel(
      params: network.parameterCount,
      nonzeroParams: nonzero,
      sizeBytes: size,
      accuracy: try accuracy(network, on: dataset),
      latencyMs: .init(try latency(network, dataset: dataset, batch: 1, runs: latencyRuns)),
      trainSeconds: trainSeconds
    )
  }

  /// Held-out accuracy (classification) or R² (regression).
  public func accuracy(_ network: Network, on dataset: Dataset) throws -> Double {
    let dataset = dataset.fitted(to: network.inputShape)
    let loss =
      dataset.task == .classification
      ? (network.outputShape == [1]
        ? LossFunction.binaryCrossEntropy : .sparseCategoricalCrossEntropy)
      : .meanSquaredError
    let evaluation: Evaluation
    do {
      evaluation = try Trainer(epochs: 1, loss: loss).evaluate(network, on: dataset.test)
    } catch {
      throw EngineError.unsupported("\(error)")
    }
    if let accuracy = evaluation.accuracy { return accuracy }
    let targets = dataset.test.targets.map(Double.init)
    let mean = targets.reduce(0, +) / Double(max(1, targets.count))
    let variance =
      targets.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(1, targets.count))
    return variance > 0 ? 1 - evaluation.loss / variance : 0
  }

  /// Latency of `network` on batches of `batch` test examples: warm-up, then timed runs.
  public func latency(_ network: Network, dataset: Dataset?, batch: Int, runs: Int) throws
    -> LatencyReport
  {
    let input = try Self.sampleBatch(for: network, dataset: dataset, batch: batch)
    var failure: (any Error)?
    let report = LatencyBenchmark(warmUp: max(5, runs / 10), runs: runs, batchSize: batch).measure {
      do {
        _ = try network.predict(input)
      } catch {
        failure = error
      }
    }
    if let failure { throw EngineError.unsupported("\(failure)") }
    return report
  }

  /// A batch of real test examples, or seeded random inputs when there is no dataset (token
  /// ids for a network that starts with an embedding).
  static func sampleBatch(for network: Network, dataset: Dataset?, batch: Int) throws -> Tensor {
    if let dataset = dataset?.fitted(to: network.inputShape), dataset.test.count > 0 {
      let indices = (0..<batch).map { $0 % dataset.test.count }
      return dataset.test.features.gathering(items: indices)
    }
    return network.randomInput(count: batch, seed: 7)
  }

  /// The `__metadata__` of the file a model's size is measured on: `{"format": "goldilocks"}`.
  ///
  /// A model's file size, in every command that reports one, is the bytes of its weights
  /// written as a safetensors file with this metadata and nothing else (one tensor per
  /// weight under its Keras name); see docs/engine-conventions.md, "File size".
  public static let standardMetadata = ["format": "goldilocks"]

  /// The network's weights as a safetensors file.
  public func weightFile(_ network: Network, metadata: [String: String]) -> SafeTensorsFile {
    SafeTensorsFile(
      metadata: metadata,
      tensors: network.namedWeights().map {
        SafeTensor(name: $0.name, shape: $0.shape, float32: $0.values)
      }
    )
  }

  /// Writes `file` to a temporary path and returns the number of bytes on disk.
  public func storedSize(_ file: SafeTensorsFile) throws -> Int {
    let path = NSTemporaryDirectory() + "goldilocks-measure-\(UUID().uuidString).safetensors"
    defer { try? FileManager.default.removeItem(atPath: path) }
    _ = try file.write(to: path, overwrite: false)
    // `stat` alone: FileManager's attributes also look up the owner's user and group names
    // (reading /etc/passwd and /etc/group, a few milliseconds).
    var status = stat()
    guard stat(path, &status) == 0 else {
      throw EngineError.unsupported("could not read the size of the file just written at \(path)")
    }
    return Int(status.st_size)
  }

  func load(_ stored: SafeTensorsFile, into network: inout Network) throws {
    var weights = network.namedWeights()
    for index in weights.indices {
      guard let tensor = stored.tensor(named: weights[index].name),
        tensor.shape == weights[index].shape
      else { throw EngineError.invalidSafeTensors("cached weights do not fit") }
      weights[index].values = try tensor.floatValues()
    }
    do {
      try network.load(weights)
    } catch {
      throw EngineError.invalidSafeTensors("\(error)")
    }
  }

  func checkOutputs(_ model: ModelDescription, _ dataset: Dataset) throws {
    let outputs = model.outputShape.dimensions
    switch dataset.task {
    case .classification:
      let fits = outputs == [dataset.classes] || (dataset.classes == 2 && outputs == [1])
      guard fits else {
        throw EngineError.invalidArgument(
          "the model ends with \(outputs.map(String.init).joined(separator: "x")) outputs but '\(dataset.name)' has \(dataset.classes) classes; end the spec with dense(\(dataset.classes),softmax)"
            + (dataset.classes == 2 ? " or dense(1,sigmoid)" : "")
        )
      }
    case .regression:
      guard outputs == [1] else {
        throw EngineError.invalidArgument(
          "'\(dataset.name)' is a regression set with one target; end the spec with dense(1)"
        )
      }
    }
  }

  /// FNV-1a 64-bit hash as 16 hex digits: a stable file name for a cache key.
  static func fnv1a(_ text: String) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
      hash ^= UInt64(byte)
      hash = hash &* 0x0000_0100_0000_01b3
    }
    let digits = String(hash, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
  }
}
