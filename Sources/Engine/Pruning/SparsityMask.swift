/// Which weights of a tensor survive magnitude pruning (true = kept).
///
/// TF-MOT's `_update_mask` rule, per layer:
///
///     k = max(round_half_even(Float(n)·(1 − s)), 1)         (in float32)
///     threshold = the k-th largest |w|
///     mask = |w| ≥ threshold
///
/// Ties with the threshold are all kept, so a tensor with repeated magnitudes can keep more
/// than `k` weights (TF-MOT behaves the same). NaN weights are pruned.
public struct SparsityMask: Sendable, Hashable {
  /// One flag per weight: true if the weight is kept.
  public let isKept: [Bool]
  /// The magnitude threshold used (weights with `|w| ≥ threshold` are kept).
  public let threshold: Float

  /// A mask given directly.
  public init(isKept: [Bool], threshold: Float = 0) {
    self.isKept = isKept
    self.threshold = threshold
  }

  /// Per-layer magnitude mask for `weights` at `sparsity`, with TF-MOT's rule.
  public init(magnitudesOf weights: [Float], sparsity: Float) throws {
    try checkSparsity(sparsity)
    guard !weights.isEmpty else {
      self.init(isKept: [], threshold: 0)
      return
    }
    let threshold = kthLargestMagnitude([weights], sparsity: sparsity)
    self.init(isKept: weights.map { abs($0) >= threshold }, threshold: threshold)
  }

  /// Global magnitude masks, with one threshold across all `layers`.
  ///
  /// Layers with small weights lose more (PyTorch `global_unstructured`). `k` is computed from
  /// the total count with the same rule as the per-layer mask.
  public static func global(magnitudesOf layers: [[Float]], sparsity: Float) throws
    -> [SparsityMask]
  {
    try checkSparsity(sparsity)
    guard layers.contains(where: { !$0.isEmpty }) else {
      return layers.map { _ in SparsityMask(isKept: [], threshold: 0) }
    }
    let threshold = kthLargestMagnitude(layers, sparsity: sparsity)
    return layers.map { layer in
      SparsityMask(isKept: layer.map { abs($0) >= threshold }, threshold: threshold)
    }
  }

  /// The number of kept weights TF-MOT aims for: `max(round_half_even(Float(n)·(1 − s)), 1)`.
  public static func keepCount(size: Int, sparsity: Float) -> Int {
    Int(max((Float(size) * (1 - sparsity)).rounded(.toNearestOrEven), 1))
  }

  /// Number of weights.
  public var count: Int { isKept.count }
  /// Number of kept (non-zero) weights.
  public var keptCount: Int { isKept.reduce(0) { $0 + ($1 ? 1 : 0) } }
  /// Fraction of weights pruned.
  public var sparsity: Double { count == 0 ? 0 : Double(count - keptCount) / Double(count) }

  /// `weights` with pruned entries set to 0.
  public func apply(to weights: [Float]) throws -> [Float] {
    guard weights.count == isKept.count else {
      throw CompressionError.shapeMismatch(
        expected: isKept.count,
        actual: weights.count,
        context: "weights for this mask"
      )
    }
    return zip(weights, isKept).map { $1 ? $0 : 0 }
  }
}

private func checkSparsity(_ sparsity: Float) throws {
  guard sparsity >= 0, sparsity < 1 else {
    throw CompressionError.invalidParameter(
      name: "sparsity",
      value: "\(sparsity)",
      expected: "in [0, 1)"
    )
  }
}

/// The k-th largest `|w|` over all layers, `k` from TF-MOT's rounding rule.
private func kthLargestMagnitude(_ layers: [[Float]], sparsity: Float) -> Float {
  var magnitudes: [Float] = []
  magnitudes.reserveCapacity(layers.reduce(0) { $0 + $1.count })
  for layer in layers {
    for weight in layer { magnitudes.append(weight == weight ? abs(weight) : -1) }
  }
  let k = min(SparsityMask.keepCount(size: magnitudes.count, sparsity: sparsity), magnitudes.count)
  magnitudes.sort(by: >)
  return magnitudes[k - 1]
}
