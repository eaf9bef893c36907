/// How a weight tensor starts before training, following Keras 3's defaults.
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
