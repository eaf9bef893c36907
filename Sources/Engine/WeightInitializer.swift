/// How a weight tensor starts before training, following Keras 3's defaults.
///
/// The one initializer of the engine: the described model's weights and the training layers'
/// weights both come from it, drawn from one `SeededGenerator`.
/// - Kernels: Glorot (Xavier) uniform, `U(−limit, limit)` with `limit = √(6 / (fan_in + fan_out))`.
///   Fans as Keras' `compute_fans`: for rank 2 `[in, out]`, fan_in = in, fan_out = out; for
///   rank > 2 with `receptive = ∏ shape[..<(rank−2)]`, fan_in = shape[rank−2]·receptive and
///   fan_out = shape[rank−1]·receptive (so a conv kernel `[3, 3, 1, 32]` has 9 and 288).
/// - Biases and β: zeros; γ and moving variance: ones; moving mean: zeros.
/// - Embeddings: `U(−0.05, 0.05)`.
/// - Recurrent kernels: orthogonal (Gram–Schmidt on a Gaussian matrix), as Keras.
/// - LSTM bias: zeros except the forget block, which is 1 (`unit_forget_bias=True`).
public enum WeightInitializer: Sendable, Equatable {
  /// Glorot (Xavier) uniform: U(-l, l), l = sqrt(6 / (fanIn + fanOut)), fans as Keras computes them.
  case glorotUniform
  /// All zeros (biases, beta, moving mean).
  case zeros
  /// All ones (gamma, moving variance).
  case ones
  /// U(-limit, limit); Keras embeddings use 0.05.
  case uniform(limit: Float)
  /// A random orthogonal matrix (Keras' default for recurrent kernels).
  case orthogonal
  /// Zeros except ones for the LSTM forget gate (Keras `unit_forget_bias=True`).
  case lstmBias(units: Int)
}
