/// Adam with decoupled weight decay (PyTorch's `torch.optim.AdamW`), over one flat buffer.
///
/// Per value: p ← p − lr·λ·p (decayed tensors only); m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²;
/// p ← p − lr · (m/(1−β₁ᵗ)) / (√(v/(1−β₂ᵗ)) + ε), ε = 10⁻⁸.
public struct AdamW: Sendable {
  /// First moments.
  var firstMoment: [Float]
  /// Second moments.
  var secondMoment: [Float]
  /// Steps taken.
  public private(set) var step = 0
  /// Whether each tensor is decayed, with its range in the buffer.
  let decayedRanges: [Range<Int>]
  let plainRanges: [Range<Int>]

  /// An optimizer for the tensors of `slots`.
  public init(slots: [ParameterSlot]) {
    let count = slots.last.map { $0.offset + $0.count } ?? 0
    firstMoment = [Float](repeating: 0, count: count)
    secondMoment = [Float](repeating: 0, count: count)
    decayedRanges = slots.filter(\.isDecayed).map { $0.offset..<($0.offset + $0.count) }
    plainRanges = slots.filter { !$0.isDecayed }.map { $0.offset..<($0.offset + $0.count) }
  }

  /// Bytes of optimizer state (two moments per parameter).
  public var bytes: Int { 2 * firstMoment.count * MemoryLayout<Float>.stride }

  /// Applies one update with `gradients` (already clipped) at `learningRate`.
  mutating func update(
    _ parameters: inout [Float],
    gradients: UnsafePointer<Float>,
    learningRate: Double,
    recipe: LanguageTrainingRecipe
  ) {
    step += 1
    let b1 = Float(recipe.beta1)
    let b2 = Float(recipe.beta2)
    let correction1 = Float(1 - pow(recipe.beta1, Double(step)))
    let correction2 = Float(1 - pow(recipe.beta2, Double(step)))
    let lr = Float(learningRate)
    let stepSize = lr / correction1
    let rootCorrection2 = correction2.squareRoot()
    let epsilon: Float = 1e-8
    let decay = 1 - lr * Float(recipe.weightDecay)
    parameters.withUnsafeMutableBufferPointer { p in
      firstMoment.withUnsafeMutableBufferPointer { m in
        secondMoment.withUnsafeMutableBufferPointer { v in
          for (ranges, factor) in [(decayedRanges, decay), (plainRanges, Float(1))] {
            for range in ranges {
              for i in range {
                let g = gradients[i]
                let mi = b1 * m[i] + (1 - b1) * g
                let vi = b2 * v[i] + (1 - b2) * g * g
                m[i] = mi
                v[i] = vi
                let denominator = vi.squareRoot() / rootCorrection2 + epsilon
                p[i] = p[i] * factor - stepSize * mi / denominator
              }
            }
          }
        }
      }
    }
  }
}

private func pow(_ base: Double, _ exponent: Double) -> Double {
  var result = 1.0
  var remaining = Int(exponent)
  var factor = base
  while remaining > 0 {
    if remaining & 1 == 1 { result *= factor }
    factor *= factor
    remaining >>= 1
  }
  return result
}
