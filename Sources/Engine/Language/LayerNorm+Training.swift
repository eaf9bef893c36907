extension LayerNorm {
  /// Normalizes `rows` rows of `x` into `y`, keeping x̂ and 1/σ for the backward pass.
  func forward(
    _ x: UnsafePointer<Float>,
    rows: Int,
    weights: UnsafePointer<Float>,
    into y: UnsafeMutablePointer<Float>,
    xHat: UnsafeMutablePointer<Float>,
    inverseStd: UnsafeMutablePointer<Float>
  ) {
    Normalization.layerNormForward(
      x,
      rows: rows,
      features: width,
      gamma: weights + weight.offset,
      beta: weights + bias.offset,
      epsilon: LayerNorm.epsilon,
      output: y,
      xHat: xHat,
      inverseStd: inverseStd
    )
  }

  /// Adds γ and β gradients and writes the input gradient into `dx` (overwriting it).
  func backward(
    gradOutput dy: UnsafePointer<Float>,
    rows: Int,
    xHat: UnsafePointer<Float>,
    inverseStd: UnsafePointer<Float>,
    weights: UnsafePointer<Float>,
    gradients: UnsafeMutablePointer<Float>,
    gradInput dx: UnsafeMutablePointer<Float>
  ) {
    Normalization.layerNormBackward(
      gradOutput: dy,
      xHat: xHat,
      inverseStd: inverseStd,
      gamma: weights + weight.offset,
      rows: rows,
      features: width,
      gradInput: dx,
      gradGamma: gradients + weight.offset,
      gradBeta: gradients + bias.offset
    )
  }
}
