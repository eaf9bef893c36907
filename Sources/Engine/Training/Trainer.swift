/// Runs minibatch training epochs, reporting progress through a callback and honouring
/// cancellation between batches.
///
/// Each epoch shuffles the training examples with a generator seeded from `seed` (so runs are
/// bit-identical), splits them into batches of `batchSize` (the last may be smaller), and for
/// each batch runs forward, loss (+ weight penalty), backward and one optimizer update. If
/// `isCancelled()` turns true, training stops and the network is rolled back to the end of the
/// last finished epoch.
public struct Trainer: Sendable {
  /// Epochs to run.
  public var epochs: Int
  /// Examples per minibatch (Keras default 32).
  public var batchSize: Int
  /// Update rule.
  public var optimizer: Optimizer.Kind
  /// Loss to minimise.
  public var loss: LossFunction
  /// L1/L2 kernel penalty.
  public var penalty: WeightPenalty
  /// Seed for shuffling and dropout.
  public var seed: UInt64
  /// Whether to shuffle each epoch.
  public var shuffle: Bool

  public init(
    epochs: Int,
    batchSize: Int = 32,
    optimizer: Optimizer.Kind = .adam(),
    loss: LossFunction = .sparseCategoricalCrossEntropy,
    penalty: WeightPenalty = .none,
    seed: UInt64 = 0,
    shuffle: Bool = true
  ) {
    self.epochs = epochs
    self.batchSize = batchSize
    self.optimizer = optimizer
    self.loss = loss
    self.penalty = penalty
    self.seed = seed
    self.shuffle = shuffle
  }

  /// Trains `network` in place on `training`, evaluating on `validation` after each epoch.
  ///
  /// `afterStep` runs after every optimizer update with the network and the number of steps
  /// done so far (1 after the first); pruning uses it to re-apply its masks.
  @discardableResult
  public func fit(
    _ network: inout Network,
    on training: ExampleSet,
    validation: ExampleSet? = nil,
    progress: (TrainingEvent) -> Void = { _ in },
    isCancelled: () -> Bool = { false },
    afterStep: (inout Network, Int) -> Void = { _, _ in }
  ) throws(NetworkError) -> TrainingHistory {
    guard epochs >= 0, batchSize > 0 else {
      throw .invalidSetting("epochs must be ≥ 0 and batch size ≥ 1")
    }
    try check(network, training)
    if let validation { try check(network, validation) }
    try network.checkTrainable()
    let lastActivation = network.layers.last?.config.finalActivation ?? .linear
    try loss.check(outputShape: network.outputShape, lastActivation: lastActivation)

    var validate: ((Network) throws(NetworkError) -> Evaluation)?
    if let validation {
      validate = { (trained: Network) throws(NetworkError) -> Evaluation in
        try self.evaluate(trained, on: validation)
      }
    }
    let standardLoss = loss
    return try fit(
      &network,
      on: training,
      batchLoss: { batch in
        standardLoss.evaluate(
          output: batch.output,
          targets: batch.targets,
          lastActivation: lastActivation
        )
      },
      validate: validate,
      progress: progress,
      isCancelled: isCancelled,
      afterStep: afterStep
    )
  }

  /// Loss and accuracy of `network` on `examples`, in inference mode, in batches.
  public func evaluate(_ network: Network, on examples: ExampleSet) throws(NetworkError)
    -> Evaluation
  {
    try check(network, examples)
    let lastActivation = network.layers.last?.config.finalActivation ?? .linear
    var lossSum = 0.0
    var correct = 0
    var isClassification = true
    let chunk = max(batchSize, 256)
    var start = 0
    let width = examples.targetWidth
    while start < examples.count {
      let end = min(examples.count, start + chunk)
      let output = try network.predict(examples.features.items(start..<end))
      let result = loss.evaluate(
        output: output,
        targets: examples.targets[(start * width)..<(end * width)],
        lastActivation: lastActivation,
        wantGradient: false
      )
      lossSum += result.loss * Double(end - start)
      if let right = result.correct { correct += right } else { isClassification = false }
      start = end
    }
    let n = max(examples.count, 1)
    return Evaluation(
      loss: lossSum / Double(n),
      accuracy: isClassification ? Double(correct) / Double(n) : nil,
      count: examples.count
    )
  }

  private func check(_ network: Network, _ examples: ExampleSet) throws(NetworkError) {
    guard examples.featureShape == network.inputShape else {
      throw .inputShapeMismatch(expected: network.inputShape, actual: examples.featureShape)
    }
    let perExample = loss == .meanSquaredError ? network.outputShape.reduce(1, *) : 1
    guard examples.targets.count == examples.count * perExample else {
      throw .targetCountMismatch(examples: examples.count, targets: examples.targets.count)
    }
  }
}
