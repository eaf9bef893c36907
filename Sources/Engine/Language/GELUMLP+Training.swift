extension GELUMLP {
  /// Runs the MLP on `rows` rows, keeping GELU's input derivative and output for backward.
  func forward(
    _ x: UnsafePointer<Float>,
    rows: Int,
    weights: UnsafePointer<Float>,
    derivative: UnsafeMutablePointer<Float>,
    activated: UnsafeMutablePointer<Float>,
    into result: UnsafeMutablePointer<Float>
  ) {
    expand.forward(x, rows: rows, weights: weights, into: activated)
    ActivationFunction.gelu(activated, count: rows * hidden, derivative: derivative)
    project.forward(activated, rows: rows, weights: weights, into: result)
  }

  /// Adds the gradients and writes the input gradient into `dx`; `dHidden` is scratch.
  func backward(
    input x: UnsafePointer<Float>,
    gradOutput dy: UnsafePointer<Float>,
    rows: Int,
    weights: UnsafePointer<Float>,
    gradients: UnsafeMutablePointer<Float>,
    derivative: UnsafePointer<Float>,
    activated: UnsafePointer<Float>,
    dHidden: UnsafeMutablePointer<Float>,
    gradInput dx: UnsafeMutablePointer<Float>
  ) {
    project.backward(
      input: activated,
      gradOutput: dy,
      rows: rows,
      weights: weights,
      gradients: gradients,
      gradInput: dHidden
    )
    for i in 0..<(rows * hidden) { dHidden[i] *= derivative[i] }
    expand.backward(
      input: x,
      gradOutput: dHidden,
      rows: rows,
      weights: weights,
      gradients: gradients,
      gradInput: dx
    )
  }
}
