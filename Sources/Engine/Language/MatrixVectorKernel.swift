/// Runs the matrix-vector product of one linear layer for one token (generation with a KV
/// cache), so that the same `GPTModel.step` serves float and quantized weights.
protocol MatrixVectorKernel {
  /// `y = W·x + b` for `linear`, whose float weights (and bias) are in `weights`.
  func multiply(
    _ linear: Linear,
    _ x: UnsafePointer<Float>,
    weights: UnsafePointer<Float>,
    into y: UnsafeMutablePointer<Float>
  )
}

/// The float kernel: one dot product of a contiguous fp32 weight row per output.
struct FloatMatrixVectorKernel: MatrixVectorKernel {
  func multiply(
    _ linear: Linear,
    _ x: UnsafePointer<Float>,
    weights: UnsafePointer<Float>,
    into y: UnsafeMutablePointer<Float>
  ) {
    linear.forward(x, rows: 1, weights: weights, into: y)
  }
}
