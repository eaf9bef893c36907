/// Keras' default weight initialisers, reproduced with a seeded generator.
///
/// - Kernels: Glorot (Xavier) uniform, `U(−limit, limit)` with `limit = √(6 / (fan_in + fan_out))`.
///   Fans as Keras' `compute_fans`: for rank 2 `[in, out]`, fan_in = in, fan_out = out; for
///   rank > 2 with `receptive = ∏ shape[..<(rank−2)]`, fan_in = shape[rank−2]·receptive and
///   fan_out = shape[rank−1]·receptive (so a conv kernel `[3, 3, 1, 32]` has 9 and 288).
/// - Biases and β: zeros; γ and moving variance: ones; moving mean: zeros.
/// - Embeddings: `U(−0.05, 0.05)`.
/// - Recurrent kernels: orthogonal (Gram–Schmidt on a Gaussian matrix), as Keras.
/// - LSTM bias: zeros except the forget block, which is 1 (`unit_forget_bias=True`).
public enum KerasInitialization {
  /// `(fan_in, fan_out)` of a weight shape, as Keras computes them.
  public static func fans(_ shape: [Int]) -> (fanIn: Int, fanOut: Int) {
    switch shape.count {
    case 0: return (1, 1)
    case 1: return (shape[0], shape[0])
    case 2: return (shape[0], shape[1])
    default:
      let receptive = shape.dropLast(2).reduce(1, *)
      return (shape[shape.count - 2] * receptive, shape[shape.count - 1] * receptive)
    }
  }

  /// Glorot-uniform values for `shape`.
  public static func glorotUniform(
    shape: [Int],
    generator: inout SeededGenerator
  ) -> [Float] {
    let (fanIn, fanOut) = fans(shape)
    let limit = (6 / Double(max(fanIn + fanOut, 1))).squareRoot()
    return uniform(count: shape.reduce(1, *), limit: limit, generator: &generator)
  }

  /// `count` values from `U(−limit, limit)`.
  public static func uniform(
    count: Int,
    limit: Double,
    generator: inout SeededGenerator
  ) -> [Float] {
    (0..<count).map { _ in Float((2 * generator.nextUnit() - 1) * limit) }
  }

  /// An orthogonal `[rows, cols]` matrix (rows ≤ cols: orthonormal rows; otherwise columns).
  public static func orthogonal(
    rows: Int,
    cols: Int,
    generator: inout SeededGenerator
  ) -> [Float] {
    // Orthonormalise the vectors along the shorter side with modified Gram–Schmidt.
    let vectors = min(rows, cols)
    let length = max(rows, cols)
    var basis = [[Double]]()
    for _ in 0..<vectors {
      var v = (0..<length).map { _ in generator.nextNormal() }
      for b in basis {
        var dot = 0.0
        for i in 0..<length { dot += v[i] * b[i] }
        for i in 0..<length { v[i] -= dot * b[i] }
      }
      var norm = 0.0
      for x in v { norm += x * x }
      norm = max(norm.squareRoot(), 1e-12)
      basis.append(v.map { $0 / norm })
    }
    var result = [Float](repeating: 0, count: rows * cols)
    for r in 0..<rows {
      for c in 0..<cols {
        result[r * cols + c] = Float(rows <= cols ? basis[r][c] : basis[c][r])
      }
    }
    return result
  }
}
