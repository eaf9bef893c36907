/// Progress reported by `Trainer.fit` through its callback (the trainer never prints).
public enum TrainingEvent: Sendable, Equatable {
  /// A minibatch finished; loss and accuracy are running means over the epoch so far.
  case batchEnded(
    epoch: Int,
    epochs: Int,
    batch: Int,
    batches: Int,
    loss: Double,
    accuracy: Double?
  )
  /// An epoch finished.
  case epochEnded(EpochSummary)
  /// Cancellation was seen; the network holds the weights after `completedEpochs` epochs.
  case cancelled(completedEpochs: Int)

  /// What one epoch achieved, with timing.
  public struct EpochSummary: Sendable, Equatable {
    /// 1-based epoch number.
    public var epoch: Int
    public var epochs: Int
    /// Mean training loss over the epoch (including any weight penalty).
    public var loss: Double
    /// Training accuracy over the epoch (nil for regression).
    public var accuracy: Double?
    /// Loss on the validation set, if one was given.
    public var validationLoss: Double?
    /// Accuracy on the validation set, if one was given (nil for regression).
    public var validationAccuracy: Double?
    /// Time since training started.
    public var elapsed: Duration
    /// Estimated time left: `elapsed / epoch · (epochs − epoch)`.
    public var remaining: Duration

    public init(
      epoch: Int,
      epochs: Int,
      loss: Double,
      accuracy: Double?,
      validationLoss: Double?,
      validationAccuracy: Double?,
      elapsed: Duration,
      remaining: Duration
    ) {
      self.epoch = epoch
      self.epochs = epochs
      self.loss = loss
      self.accuracy = accuracy
      self.validationLoss = validationLoss
      self.validationAccuracy = validationAccuracy
      self.elapsed = elapsed
      self.remaining = remaining
    }
  }
}
