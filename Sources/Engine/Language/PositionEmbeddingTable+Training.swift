extension PositionEmbeddingTable {
  /// Adds position `start + t` to row `b·tokens + t` for every sequence of the batch.
  func forward(
    batch: Int,
    tokens: Int,
    start: Int = 0,
    weights: UnsafePointer<Float>,
    into output: UnsafeMutablePointer<Float>
  ) {
    for b in 0..<batch {
      for t in 0..<tokens {
        let row = output + (b * tokens + t) * width
        let vector = weights + weight.offset + (start + t) * width
        for j in 0..<width { row[j] += vector[j] }
      }
    }
  }

  /// Adds each row's gradient to the vector of its position.
  func backward(
    batch: Int,
    tokens: Int,
    gradOutput dy: UnsafePointer<Float>,
    gradients: UnsafeMutablePointer<Float>
  ) {
    for b in 0..<batch {
      for t in 0..<tokens {
        let source = dy + (b * tokens + t) * width
        let target = gradients + weight.offset + t * width
        for j in 0..<width { target[j] += source[j] }
      }
    }
  }
}
