/// A trainable feed-forward network: an input shape and a list of `NetworkLayer`s.
///
/// Built from `TrainableLayerConfig`s with Keras' initialisers and a seed, so the same configs
/// and seed always give the same weights. `predict` is pure; `trainingStep` (used by `Trainer`)
/// runs forward, loss, backward and the optimizer.
public struct Network: Sendable {
  /// Shape of one example (no batch axis), such as `[28, 28, 1]` or `[4]`.
  public let inputShape: [Int]
  /// The layers, first to last.
  public package(set) var layers: [NetworkLayer]

  /// Builds the layers in order, checking each fits the shape before it.
  public init(
    inputShape: [Int],
    layers configs: [TrainableLayerConfig],
    seed: UInt64 = 0
  ) throws(NetworkError) {
    guard !inputShape.isEmpty, inputShape.allSatisfy({ $0 > 0 }) else {
      throw .invalidSetting("the input shape must have positive sizes, not \(inputShape)")
    }
    self.inputShape = inputShape
    var generator = SeededGenerator(seed: seed)
    var shape = inputShape
    var counts: [String: Int] = [:]
    var built: [NetworkLayer] = []
    for (index, config) in configs.enumerated() {
      let base = config.kerasName
      let seen = counts[base, default: 0]
      counts[base] = seen + 1
      let layer = try NetworkLayer(
        config: config,
        name: seen == 0 ? base : "\(base)_\(seen)",
        index: index,
        inputShape: shape,
        generator: &generator
      )
      if let add = config.layer as? ResidualAdd {
        let blockInput = built[index - add.blockLength].inputShape
        guard blockInput == shape else {
          throw .layerDoesNotFit(
            index: index,
            layer: base,
            inputShape: shape,
            reason:
              "a residual block adds its input \(blockInput) to its output, so the last layer must give \(blockInput)"
          )
        }
      }
      shape = layer.outputShape
      built.append(layer)
    }
    self.layers = built
  }

  /// Whether the network has a residual block (a skip connection).
  public var hasResidualBlocks: Bool {
    layers.contains { $0.config.layer is ResidualAdd }
  }

  /// The length of the block that layer `index` closes, if it is a residual add.
  func blockLength(at index: Int) -> Int? {
    (layers[index].config.layer as? ResidualAdd)?.blockLength
  }

  /// Runs `step(index, x)` for every layer in order, adding each residual block's input to
  /// the output of its add layer.
  private func run(
    _ batch: Tensor,
    step: (Int, Tensor) -> Tensor
  ) -> Tensor {
    var x = batch
    var inputs: [Int: Tensor] = [:]
    let starts = Set(layers.indices.compactMap { i in blockLength(at: i).map { i - $0 } })
    for index in layers.indices {
      if starts.contains(index) { inputs[index] = x }
      x = step(index, x)
      if let length = blockLength(at: index), let skip = inputs[index - length] {
        x = x.adding(skip)
      }
    }
    return x
  }

  /// Shape of one output (no batch axis).
  public var outputShape: [Int] { layers.last?.outputShape ?? inputShape }

  /// Number of values in all weights, trainable and not (Keras' "Total params").
  public var parameterCount: Int { layers.reduce(0) { $0 + $1.parameterCount } }

  /// Number of trainable values.
  public var trainableParameterCount: Int {
    layers.reduce(0) { total, layer in
      total + zip(layer.weights, layer.trainable).reduce(0) { $0 + ($1.1 ? $1.0.count : 0) }
    }
  }

  /// Runs the network in inference mode on a batch `[n] + inputShape`.
  public func predict(_ batch: Tensor) throws(NetworkError) -> Tensor {
    try checkInput(batch)
    var generator = SeededGenerator(seed: 0)
    return run(batch) { index, x in
      var copy = layers[index]
      return copy.forward(x, training: false, generator: &generator)
    }
  }

  /// Throws unless `batch` is `[n] + inputShape` (and token ids fit an embedding table).
  public func checkInput(_ batch: Tensor) throws(NetworkError) {
    guard Array(batch.shape.dropFirst()) == inputShape, batch.rank >= 2 else {
      throw .inputShapeMismatch(expected: inputShape, actual: Array(batch.shape.dropFirst()))
    }
    if let vocab = (layers.first?.config.layer as? Embedding)?.vocabularySize {
      for id in batch.scalars where !(id >= 0 && id < Float(vocab) && id == id.rounded()) {
        throw .embeddingIndexOutOfRange(index: id, vocabulary: vocab)
      }
    }
  }

  /// Throws if any layer has no backward pass.
  public func checkTrainable() throws(NetworkError) {
    if let layer = layers.first(where: { !$0.config.supportsBackward }) {
      throw .backwardUnsupported(layer: layer.config.kerasName)
    }
  }

  /// Forward pass in training mode (caches kept, dropout active, batch-norm statistics updated).
  mutating func forwardTraining(_ batch: Tensor, generator: inout SeededGenerator) -> Tensor {
    var updated = layers
    let output = run(batch) { index, x in
      updated[index].forward(x, training: true, generator: &generator)
    }
    layers = updated
    return output
  }

  /// Backward pass from ∂L/∂output (∂L/∂logits when `fusedWithLoss`), filling every gradient.
  ///
  /// A residual add passes its gradient on and also adds it to the gradient of its block's
  /// input.
  mutating func backward(_ gradOutput: Tensor, fusedWithLoss: Bool) {
    var gradient = gradOutput
    var skips: [Int: Tensor] = [:]
    for index in layers.indices.reversed() {
      if let length = blockLength(at: index) {
        let start = index - length
        skips[start] = skips[start].map { $0.adding(gradient) } ?? gradient
      }
      let next = layers[index].backward(
        gradient,
        skipActivation: fusedWithLoss && index == layers.count - 1,
        needInputGradient: index > 0
      )
      guard var next else { break }
      if let skip = skips.removeValue(forKey: index) { next = next.adding(skip) }
      gradient = next
    }
  }

  /// All weights with Keras-style names and shapes, for saving.
  public func namedWeights() -> [NamedWeight] {
    var result: [NamedWeight] = []
    for (index, layer) in layers.enumerated() {
      for (w, weight) in layer.weights.enumerated() {
        result.append(
          NamedWeight(
            name: "\(layer.name)/\(layer.roles[w])",
            layerIndex: index,
            role: layer.roles[w],
            shape: weight.shape,
            values: weight.scalars,
            trainable: layer.trainable[w]
          )
        )
      }
    }
    return result
  }

  /// Replaces the weights with saved ones, matched by name; every weight must be present.
  public mutating func load(_ saved: [NamedWeight]) throws(NetworkError) {
    var byName: [String: NamedWeight] = [:]
    for weight in saved { byName[weight.name] = weight }
    var updated = layers
    for index in updated.indices {
      for w in updated[index].weights.indices {
        let name = "\(updated[index].name)/\(updated[index].roles[w])"
        guard let weight = byName[name] else { throw .missingWeight(name: name) }
        let expected = updated[index].weights[w].shape
        guard weight.shape == expected, weight.values.count == expected.reduce(1, *) else {
          throw .weightShapeMismatch(name: name, expected: expected, actual: weight.shape)
        }
        updated[index].weights[w] = Tensor(shape: expected, scalars: weight.values)
      }
    }
    layers = updated
  }
}
