extension Linear {
  /// `y[rows, outputs] = x[rows, inputs] · Wᵀ + b`.
  ///
  /// Up to four rows (generation, one token at a time) each output is a dot product of a
  /// contiguous weight row with the input, which is faster than packing the matrix for GEMM.
  func forward(
    _ x: UnsafePointer<Float>,
    rows: Int,
    weights: UnsafePointer<Float>,
    into y: UnsafeMutablePointer<Float>
  ) {
    let w = weights + weight.offset
    if rows <= 4 {
      for r in 0..<rows {
        let input = x + r * inputs
        let output = y + r * outputs
        for j in 0..<outputs {
          output[j] =
            Linear.dot(w + j * inputs, input, count: inputs)
            + (bias.map { weights[$0.offset + j] } ?? 0)
        }
      }
      return
    }
    if let bias {
      for r in 0..<rows { (y + r * outputs).update(from: weights + bias.offset, count: outputs) }
    }
    Gemm.multiply(
      m: rows,
      n: outputs,
      k: inputs,
      a: x,
      aRowStride: inputs,
      aColumnStride: 1,
      b: w,
      bRowStride: 1,
      bColumnStride: inputs,
      c: y,
      ldc: outputs,
      accumulate: bias != nil
    )
  }

  /// Adds this layer's weight and bias gradients to `gradients` and writes (or adds, when
  /// `accumulateInput`) the input gradient `dx = dy · W` when `dx` is given.
  func backward(
    input x: UnsafePointer<Float>,
    gradOutput dy: UnsafePointer<Float>,
    rows: Int,
    weights: UnsafePointer<Float>,
    gradients: UnsafeMutablePointer<Float>,
    gradInput dx: UnsafeMutablePointer<Float>?,
    accumulateInput: Bool = false
  ) {
    Gemm.multiply(
      m: outputs,
      n: inputs,
      k: rows,
      a: dy,
      aRowStride: 1,
      aColumnStride: outputs,
      b: x,
      bRowStride: inputs,
      bColumnStride: 1,
      c: gradients + weight.offset,
      ldc: inputs,
      accumulate: true
    )
    if let bias {
      let db = gradients + bias.offset
      for r in 0..<rows {
        let row = dy + r * outputs
        for j in 0..<outputs { db[j] += row[j] }
      }
    }
    if let dx {
      Gemm.multiply(
        m: rows,
        n: inputs,
        k: outputs,
        a: dy,
        aRowStride: outputs,
        aColumnStride: 1,
        b: weights + weight.offset,
        bRowStride: inputs,
        bColumnStride: 1,
        c: dx,
        ldc: inputs,
        accumulate: accumulateInput
      )
    }
  }

  /// Σ a[i]·b[i] over `count` values, eight lanes at a time.
  @inline(__always)
  static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
    var sum = SIMD8<Float>()
    var i = 0
    while i + 8 <= count {
      let va = UnsafeRawPointer(a + i).loadUnaligned(as: SIMD8<Float>.self)
      let vb = UnsafeRawPointer(b + i).loadUnaligned(as: SIMD8<Float>.self)
      sum.addProduct(va, vb)
      i += 8
    }
    var total = sum.sum()
    while i < count {
      total += a[i] * b[i]
      i += 1
    }
    return total
  }
}
