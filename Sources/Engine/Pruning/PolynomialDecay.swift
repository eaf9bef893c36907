import Foundation

/// Sparsity that rises from `initialSparsity` to `finalSparsity` along a polynomial.
///
///     p = clip((step − begin) / (end − begin), 0, 1)
///     s(step) = final + (initial − final)·(1 − p)^power
///
/// "Pruning rate grows rapidly in the beginning from initial_sparsity, but then plateaus
/// slowly" (TF-MOT; Zhu & Gupta 2017). The arithmetic reproduces tfmot 0.8.1 bit for bit:
/// `initial − final` is taken in Double (Python floats), everything else in Float, with
/// glibc's `powf` (`Foundation.pow(Float, Float)`). When `end = begin`, `p = 1` from `begin` on.
public struct PolynomialDecay: PruningSchedule, Hashable {
  /// Sparsity at `beginStep`, in `[0, 1)`.
  public let initialSparsity: Double
  /// Sparsity from `endStep` on, in `[0, 1)`.
  public let finalSparsity: Double
  /// First step of the ramp and of mask updates, `≥ 0`.
  public let beginStep: Int
  /// Last step of the ramp and of mask updates, `≥ beginStep` (−1 is not allowed).
  public let endStep: Int
  /// Exponent of the decay (TF-MOT default 3), in `(0, 1000]`: a negative one would make the
  /// sparsity run away to −∞ at the end step.
  public let power: Double
  /// Steps between mask updates (TF-MOT default 100).
  public let frequency: Int

  /// A polynomial ramp; throws for the parameter combinations TF-MOT rejects.
  public init(
    initialSparsity: Double,
    finalSparsity: Double,
    beginStep: Int,
    endStep: Int,
    power: Double = 3,
    frequency: Int = 100
  ) throws {
    try validateSteps(begin: beginStep, end: endStep, frequency: frequency, allowForever: false)
    try validateSparsity(initialSparsity, name: "initialSparsity")
    try validateSparsity(finalSparsity, name: "finalSparsity")
    guard power.isFinite, power > 0, power <= 1000 else {
      throw CompressionError.invalidParameter(
        name: "power",
        value: "\(power)",
        expected: "a number above 0 and at most 1000 (TF-MOT's default is 3)"
      )
    }
    self.initialSparsity = initialSparsity
    self.finalSparsity = finalSparsity
    self.beginStep = beginStep
    self.endStep = endStep
    self.power = power
    self.frequency = frequency
  }

  /// `final + (initial − final)·(1 − p)^power` in Float.
  public func sparsity(at step: Int) -> Float {
    let progress: Float
    if endStep == beginStep {
      progress = step >= beginStep ? 1 : 0
    } else {
      progress = min(1, max(0, Float(step - beginStep) / Float(endStep - beginStep)))
    }
    let difference = Float(initialSparsity - finalSparsity)
    return difference * pow(1 - progress, Float(power)) + Float(finalSparsity)
  }
}
