/// Training with a loss the caller computes per batch (distillation, custom objectives).
///
/// This is the training loop; `fit(_:on:validation:…)` calls it with its standard loss.
/// Seeded shuffling, batches, weight penalty, optimizer and cancellation (rolled back to
/// the last finished epoch) are shared. Only the loss differs: for each
/// batch, `batchLoss` receives the network's output, the indices of the batch's examples in
/// the training set and their targets, and returns the loss with its gradient with respect to
/// that output (or to the last layer's logits when `fused` is set).
extension Trainer {
  /// One batch as `batchLoss` sees it.
  public struct Batch: Sendable {
    /// The network's output, `[n] + outputShape`.
    public var output: Tensor
    /// Positions of the batch's examples in the training set.
    public var indices: [Int]
    /// The batch's targets, `n × targetWidth`.
    public var targets: ArraySlice<Float>
  }

  /// Trains `network` in place, with the loss and its gradient computed by `batchLoss`.
  ///
  /// `validate`, when given, is called after each epoch; its result fills the epoch's
  /// validation loss and accuracy. `afterStep` runs after every optimizer update with the
  /// network and the number of steps done so far (1 after the first).
  @discardableResult
  public func fit(
    _ network: inout Network,
    on training: ExampleSet,
    batchLoss: (Batch) -> LossFunction.Evaluation,
    validate: ((Network) throws(NetworkError) -> Evaluation)? = nil,
    progress: (TrainingEvent) -> Void = { _ in },
    isCancelled: () -> Bool = { false },
    afterStep: (inout Network, Int) -> Void = { _, _ in }
  ) throws(NetworkError) -> TrainingHistory {
    guard epochs >= 0, batchSize > 0 else {
      throw .invalidSetting("epochs must be ≥ 0 and batch size ≥ 1")
    }
    guard training.featureShape == network.inputShape else {
      throw .inputShapeMismatch(expected: network.inputShape, actual: training.featureShape)
    }
    try network.checkTrainable()
    let clock = ContinuousClock()
    let start = clock.now
    var history = TrainingHistory()
    var optimizerState = Optimizer(optimizer)
    var generator = SeededGenerator(seed: seed)
    let count = training.count
    let batches = (count + batchSize - 1) / batchSize
    let width = training.targetWidth
    var finished = network
    var steps = 0
    for epoch in 1...max(epochs, 1) where epochs > 0 {
      let order = shuffle ? generator.permutation(count) : Array(0..<count)
      var lossSum = 0.0
      var correct = 0
      var seen = 0
      var isClassification = true
      for b in 0..<batches {
        if isCancelled() {
          network = finished
          history.cancelled = true
          history.elapsed = clock.now - start
          progress(.cancelled(completedEpochs: epoch - 1))
          return history
        }
        let indices = Array(order[(b * batchSize)..<min(count, (b + 1) * batchSize)])
        let batch = training.subset(indices)
        let output = network.forwardTraining(batch.features, generator: &generator)
        let result = batchLoss(
          Batch(
            output: output,
            indices: indices,
            targets: batch.targets[0..<(indices.count * width)]
          )
        )
        network.backward(result.gradient, fusedWithLoss: result.fused)
        penalty.addGradient(to: &network)
        let penaltyValue = penalty.value(of: network)
        optimizerState.update(&network)
        steps += 1
        afterStep(&network, steps)
        lossSum += (result.loss + penaltyValue) * Double(indices.count)
        seen += indices.count
        if let right = result.correct { correct += right } else { isClassification = false }
        progress(
          .batchEnded(
            epoch: epoch,
            epochs: epochs,
            batch: b + 1,
            batches: batches,
            loss: lossSum / Double(seen),
            accuracy: isClassification ? Double(correct) / Double(seen) : nil
          )
        )
      }
      var summary = TrainingEvent.EpochSummary(
        epoch: epoch,
        epochs: epochs,
        loss: lossSum / Double(max(seen, 1)),
        accuracy: isClassification ? Double(correct) / Double(max(seen, 1)) : nil,
        validationLoss: nil,
        validationAccuracy: nil,
        elapsed: clock.now - start,
        remaining: .zero
      )
      if let validate {
        let result = try validate(network)
        summary.validationLoss = result.loss
        summary.validationAccuracy = result.accuracy
      }
      summary.elapsed = clock.now - start
      summary.remaining = summary.elapsed / epoch * (epochs - epoch)
      history.epochs.append(summary)
      finished = network
      progress(.epochEnded(summary))
    }
    history.elapsed = clock.now - start
    return history
  }
}
