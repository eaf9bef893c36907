/// Ranks output neurons or filters by the norm of their incoming weights and picks the ones
/// to keep.
///
/// For a Keras-layout kernel (`[in, out]` or `[kh, kw, cin, out]`) the output channel is the
/// last axis; channel `j`'s score is `Σ_i |w[i, j]|` (L1) or `sqrt(Σ_i w[i, j]²)` (L2), as in
/// `torch.nn.utils.prune.ln_structured`. Removing a channel removes its column, its bias and
/// the matching input slice of the next layer: real savings, unlike unstructured zeros.
public enum StructuredSelection {
  /// Which norm scores a channel.
  public enum Norm: String, Sendable, Hashable, CaseIterable {
    /// Sum of absolute values.
    case l1
    /// Euclidean norm.
    case l2
  }

  /// The norm of each output channel (last axis) of a kernel with shape `shape`.
  public static func channelNorms(weights: [Float], shape: [Int], norm: Norm) throws -> [Float] {
    guard let channels = shape.last, channels > 0, shape.reduce(1, *) == weights.count else {
      throw CompressionError.shapeMismatch(
        expected: shape.reduce(1, *),
        actual: weights.count,
        context: "kernel of shape \(shape)"
      )
    }
    var sums = [Double](repeating: 0, count: channels)
    for (index, weight) in weights.enumerated() {
      let value = Double(weight)
      sums[index % channels] += norm == .l1 ? abs(value) : value * value
    }
    return sums.map { Float(norm == .l1 ? $0 : $0.squareRoot()) }
  }

  /// Indices (ascending) of the `keepCount` channels with the largest norms; ties go to the
  /// lower index.
  public static func keptChannels(weights: [Float], shape: [Int], norm: Norm, keepCount: Int)
    throws -> [Int]
  {
    let norms = try channelNorms(weights: weights, shape: shape, norm: norm)
    guard keepCount >= 1, keepCount <= norms.count else {
      throw CompressionError.invalidParameter(
        name: "keepCount",
        value: "\(keepCount)",
        expected: "in 1 ... \(norms.count)"
      )
    }
    let order = norms.indices.sorted {
      norms[$0] > norms[$1] || (norms[$0] == norms[$1] && $0 < $1)
    }
    return order.prefix(keepCount).sorted()
  }

  /// Indices of the channels kept at `sparsity` (fraction of channels removed), with
  /// `keep = max(round_half_even(channels·(1 − s)), 1)`.
  public static func keptChannels(weights: [Float], shape: [Int], norm: Norm, sparsity: Float)
    throws -> [Int]
  {
    guard sparsity >= 0, sparsity < 1, let channels = shape.last else {
      throw CompressionError.invalidParameter(
        name: "sparsity",
        value: "\(sparsity)",
        expected: "in [0, 1)"
      )
    }
    let keep = SparsityMask.keepCount(size: channels, sparsity: sparsity)
    return try keptChannels(weights: weights, shape: shape, norm: norm, keepCount: keep)
  }
}
