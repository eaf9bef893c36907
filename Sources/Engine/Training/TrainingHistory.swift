/// What `Trainer.fit` did: one summary per finished epoch and whether it was cancelled.
public struct TrainingHistory: Sendable, Equatable {
  /// Summaries of the finished epochs, in order.
  public var epochs: [TrainingEvent.EpochSummary] = []
  /// True when cancellation stopped training before the last epoch.
  public var cancelled = false
  /// Total wall time.
  public var elapsed: Duration = .zero

  public init() {}
}
