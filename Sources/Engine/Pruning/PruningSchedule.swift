/// When masks are recomputed during training and what sparsity they aim for.
///
/// The contract of TF-MOT's `PruningSchedule`: at each training step the wrapper asks
/// `shouldPrune(at:)` and, if true, recomputes the mask for `sparsity(at:)`:
///
///     shouldPrune(t) = t ≥ begin ∧ (t ≤ end ∨ end = −1) ∧ (t − begin) mod frequency = 0
public protocol PruningSchedule: Sendable {
  /// The first step at which masks may be updated.
  var beginStep: Int { get }
  /// The last step at which masks may be updated, or −1 for "forever".
  var endStep: Int { get }
  /// Masks are updated every `frequency` steps from `beginStep`.
  var frequency: Int { get }
  /// The target sparsity (fraction of zero weights) at `step`, as a float32.
  func sparsity(at step: Int) -> Float
}

extension PruningSchedule {
  /// Whether masks are updated at `step` (TF-MOT's `_should_prune_in_step`).
  public func shouldPrune(at step: Int) -> Bool {
    guard step >= beginStep else { return false }
    guard endStep < 0 || step <= endStep else { return false }
    return (step - beginStep) % frequency == 0
  }
}

/// Checks TF-MOT's `_validate_step`: `begin ≥ 0`, `end ≥ begin` unless `end = −1` is allowed,
/// and `frequency > 0`.
func validateSteps(begin: Int, end: Int, frequency: Int, allowForever: Bool) throws {
  guard begin >= 0 else {
    throw CompressionError.invalidParameter(name: "beginStep", value: "\(begin)", expected: ">= 0")
  }
  if end == -1 && !allowForever {
    throw CompressionError.invalidParameter(
      name: "endStep",
      value: "-1",
      expected: "a real step (a decay needs an end)"
    )
  }
  if end != -1 && end < begin {
    throw CompressionError.invalidParameter(
      name: "endStep",
      value: "\(end)",
      expected: ">= beginStep (\(begin)), or -1 for forever"
    )
  }
  guard frequency > 0 else {
    throw CompressionError.invalidParameter(
      name: "frequency",
      value: "\(frequency)",
      expected: "> 0"
    )
  }
}

/// Checks that a sparsity lies in `[0, 1)`, as TF-MOT requires.
func validateSparsity(_ value: Double, name: String) throws {
  guard value >= 0, value < 1 else {
    throw CompressionError.invalidParameter(name: name, value: "\(value)", expected: "in [0, 1)")
  }
}
