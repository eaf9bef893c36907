extension TokenEmbeddingTable {
  /// Writes the vector of `tokens[r]` into row `r` of `output`.
  func forward(
    _ tokens: UnsafePointer<Int32>,
    rows: Int,
    weights: UnsafePointer<Float>,
    into output: UnsafeMutablePointer<Float>
  ) {
    for r in 0..<rows {
      (output + r * width).update(
        from: weights + weight.offset + Int(tokens[r]) * width,
        count: width
      )
    }
  }

  /// Adds each row's gradient to the row of its token.
  func backward(
    _ tokens: UnsafePointer<Int32>,
    gradOutput dy: UnsafePointer<Float>,
    rows: Int,
    gradients: UnsafeMutablePointer<Float>
  ) {
    for r in 0..<rows {
      let target = gradients + weight.offset + Int(tokens[r]) * width
      let source = dy + r * width
      for j in 0..<width { target[j] += source[j] }
    }
  }
}
