/// One target sparsity, applied every `frequency` steps between `beginStep` and `endStep`.
///
/// `s(step) = targetSparsity`. TF-MOT's `prune_low_magnitude` default is
/// `ConstantSparsity(0.5, 0)`: end `−1` (prune forever) and frequency 100.
public struct ConstantSparsity: PruningSchedule, Hashable {
  /// The sparsity every mask update aims for, in `[0, 1)`.
  public let targetSparsity: Double
  /// First step of mask updates, `≥ 0`.
  public let beginStep: Int
  /// Last step of mask updates, or −1 for forever.
  public let endStep: Int
  /// Steps between mask updates.
  public let frequency: Int

  /// A constant schedule; throws for the parameter combinations TF-MOT rejects.
  public init(targetSparsity: Double, beginStep: Int, endStep: Int = -1, frequency: Int = 100)
    throws
  {
    try validateSteps(begin: beginStep, end: endStep, frequency: frequency, allowForever: true)
    try validateSparsity(targetSparsity, name: "targetSparsity")
    self.targetSparsity = targetSparsity
    self.beginStep = beginStep
    self.endStep = endStep
    self.frequency = frequency
  }

  /// The target sparsity as a float32, at every step.
  public func sparsity(at step: Int) -> Float { Float(targetSparsity) }
}
