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

  public init(cacheDirectory: String?) {
    self.cacheDirectory = cacheDirectory
  }

  /// The cache file for a spec, dataset and recipe.
  public func cacheFile(spec: String, dataset: String, recipe: TrainingRecipe) -> String? {
    guard let cacheDirectory else { return nil }
    let key = "\(spec)|\(dataset)|\(recipe.key)"
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
    var network = try NetworkBuilder.network(for: model, task: dataset.task, seed: recipe.seed)
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
    let size = try storedSize(weightFile(network, metadata: ["format": "goldilocks"]))
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

  /// A batch of real test examples, or seeded random inputs when there is no dataset.
  static func sampleBatch(for network: Network, dataset: Dataset?, batch: Int) throws -> Tensor {
    if let dataset = dataset?.fitted(to: network.inputShape), dataset.test.count > 0 {
      let indices = (0..<batch).map { $0 % dataset.test.count }
      return dataset.test.features.gathering(items: indices)
    }
    var generator = SeededGenerator(seed: 7)
    let itemSize = network.inputShape.reduce(1, *)
    let values = (0..<(batch * itemSize)).map { _ in generator.nextUnitFloat() }
    return Tensor(shape: [batch] + network.inputShape, scalars: values)
  }

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
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    return (attributes[.size] as? NSNumber)?.intValue ?? 0
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
