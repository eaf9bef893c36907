/// Loss and accuracy of a network on a set of examples (inference mode).
public struct Evaluation: Sendable, Equatable {
  /// Mean loss (without weight penalty).
  public var loss: Double
  /// Fraction of correct predictions; nil for regression.
  public var accuracy: Double?
  /// Number of examples.
  public var count: Int

  public init(loss: Double, accuracy: Double?, count: Int) {
    self.loss = loss
    self.accuracy = accuracy
    self.count = count
  }
}
