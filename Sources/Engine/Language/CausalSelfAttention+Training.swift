extension CausalSelfAttention {
  /// Runs attention on `batch` sequences of `tokens` rows each.
  ///
  /// Keeps `qkv` (`[rows, 3d]`), the attention probabilities (`[batch, heads, tokens,
  /// tokens]`, zero above the diagonal) and the heads' concatenated outputs (`context`,
  /// `[rows, d]`) for the backward pass; writes the projected result into `result`.
  func forward(
    _ x: UnsafePointer<Float>,
    batch: Int,
    tokens: Int,
    weights: UnsafePointer<Float>,
    qkv: UnsafeMutablePointer<Float>,
    probabilities: UnsafeMutablePointer<Float>,
    context: UnsafeMutablePointer<Float>,
    into result: UnsafeMutablePointer<Float>
  ) {
    let rows = batch * tokens
    queryKeyValue.forward(x, rows: rows, weights: weights, into: qkv)
    let d = attentionWidth
    let hd = headSize
    let heads = heads
    let scale = 1 / Float(hd).squareRoot()
    let qkvPointer = UncheckedSendablePointer(qkv)
    let probabilityPointer = UncheckedSendablePointer(probabilities)
    let contextPointer = UncheckedSendablePointer(context)
    let parts = Swift.min(WorkerPool.shared.threadCount, batch * heads)
    WorkerPool.shared.run(parts: parts) { part in
      for item in stride(from: part, to: batch * heads, by: parts) {
        let (b, h) = item.quotientAndRemainder(dividingBy: heads)
        let q = qkvPointer.pointer + b * tokens * 3 * d + h * hd
        let p = probabilityPointer.pointer + item * tokens * tokens
        Gemm.multiply(
          m: tokens,
          n: tokens,
          k: hd,
          a: q,
          aRowStride: 3 * d,
          aColumnStride: 1,
          b: q + d,
          bRowStride: 1,
          bColumnStride: 3 * d,
          c: p,
          ldc: tokens,
          threads: 1
        )
        for i in 0..<tokens {
          let row = p + i * tokens
          for j in 0...i { row[j] *= scale }
          LanguageMath.softmax(row, count: i + 1)
          if i + 1 < tokens { (row + i + 1).update(repeating: 0, count: tokens - i - 1) }
        }
        Gemm.multiply(
          m: tokens,
          n: hd,
          k: tokens,
          a: p,
          aRowStride: tokens,
          aColumnStride: 1,
          b: q + 2 * d,
          bRowStride: 3 * d,
          bColumnStride: 1,
          c: contextPointer.pointer + b * tokens * d + h * hd,
          ldc: d,
          threads: 1
        )
      }
    }
    output.forward(context, rows: rows, weights: weights, into: result)
  }

  /// Adds the layer's gradients and writes the input gradient into `dx` (overwriting it).
  ///
  /// `dContext` (`[rows, d]`) and `dqkv` (`[rows, 3d]`) are scratch buffers.
  func backward(
    input x: UnsafePointer<Float>,
    gradOutput dy: UnsafePointer<Float>,
    batch: Int,
    tokens: Int,
    weights: UnsafePointer<Float>,
    gradients: UnsafeMutablePointer<Float>,
    qkv: UnsafePointer<Float>,
    probabilities: UnsafePointer<Float>,
    context: UnsafePointer<Float>,
    dContext: UnsafeMutablePointer<Float>,
    dqkv: UnsafeMutablePointer<Float>,
    gradInput dx: UnsafeMutablePointer<Float>
  ) {
    let rows = batch * tokens
    output.backward(
      input: context,
      gradOutput: dy,
      rows: rows,
      weights: weights,
      gradients: gradients,
      gradInput: dContext
    )
    let d = attentionWidth
    let hd = headSize
    let heads = heads
    let scale = 1 / Float(hd).squareRoot()
    let qkvPointer = UncheckedSendablePointer(qkv)
    let probabilityPointer = UncheckedSendablePointer(probabilities)
    let dContextPointer = UncheckedSendablePointer(dContext)
    let dqkvPointer = UncheckedSendablePointer(dqkv)
    let parts = Swift.min(WorkerPool.shared.threadCount, batch * heads)
    let scratch = FloatBuffer(count: parts * tokens * tokens)
    WorkerPool.shared.run(parts: parts) { part in
      let dp = scratch.pointer + part * tokens * tokens
      for item in stride(from: part, to: batch * heads, by: parts) {
        let (b, h) = item.quotientAndRemainder(dividingBy: heads)
        let q = qkvPointer.pointer + b * tokens * 3 * d + h * hd
        let dq = dqkvPointer.pointer + b * tokens * 3 * d + h * hd
        let p = probabilityPointer.pointer + item * tokens * tokens
        let dyHead = dContextPointer.pointer + b * tokens * d + h * hd
        // dP = dY·Vᵀ
        Gemm.multiply(
          m: tokens,
          n: tokens,
          k: hd,
          a: dyHead,
          aRowStride: d,
          aColumnStride: 1,
          b: q + 2 * d,
          bRowStride: 1,
          bColumnStride: 3 * d,
          c: dp,
          ldc: tokens,
          threads: 1
        )
        // dV = Pᵀ·dY
        Gemm.multiply(
          m: tokens,
          n: hd,
          k: tokens,
          a: p,
          aRowStride: 1,
          aColumnStride: tokens,
          b: dyHead,
          bRowStride: d,
          bColumnStride: 1,
          c: dq + 2 * d,
          ldc: 3 * d,
          threads: 1
        )
        // dS = P ⊙ (dP − Σ P·dP) · scale
        for i in 0..<tokens {
          let pRow = p + i * tokens
          let dRow = dp + i * tokens
          var total: Float = 0
          for j in 0...i { total += pRow[j] * dRow[j] }
          for j in 0...i { dRow[j] = pRow[j] * (dRow[j] - total) * scale }
          if i + 1 < tokens { (dRow + i + 1).update(repeating: 0, count: tokens - i - 1) }
        }
        // dQ = dS·K
        Gemm.multiply(
          m: tokens,
          n: hd,
          k: tokens,
          a: dp,
          aRowStride: tokens,
          aColumnStride: 1,
          b: q + d,
          bRowStride: 3 * d,
          bColumnStride: 1,
          c: dq,
          ldc: 3 * d,
          threads: 1
        )
        // dK = dSᵀ·Q
        Gemm.multiply(
          m: tokens,
          n: hd,
          k: tokens,
          a: dp,
          aRowStride: 1,
          aColumnStride: tokens,
          b: q,
          bRowStride: 3 * d,
          bColumnStride: 1,
          c: dq + d,
          ldc: 3 * d,
          threads: 1
        )
      }
    }
    withExtendedLifetime(scratch) {}
    queryKeyValue.backward(
      input: x,
      gradOutput: dqkv,
      rows: rows,
      weights: weights,
      gradients: gradients,
      gradInput: dx
    )
  }

  /// Attention for one new token at `position` with the keys and values of the tokens
  /// before it kept in `cache` (layer `layer`); appends this token's key and value.
  ///
  /// `qkv` (`3d` values) and `context` (`d` values) and `scores` (`position + 1` values) are
  /// scratch; the projected result goes into `result` (`d` values).
  func step<Kernel: MatrixVectorKernel>(
    _ x: UnsafePointer<Float>,
    position: Int,
    layer: Int,
    cache: KeyValueCache,
    weights: UnsafePointer<Float>,
    qkv: UnsafeMutablePointer<Float>,
    context: UnsafeMutablePointer<Float>,
    scores: UnsafeMutablePointer<Float>,
    into result: UnsafeMutablePointer<Float>,
    kernel: Kernel
  ) {
    let d = attentionWidth
    let hd = headSize
    kernel.multiply(queryKeyValue, x, weights: weights, into: qkv)
    let keys = cache.keys(layer: layer)
    let values = cache.values(layer: layer)
    (keys + position * d).update(from: qkv + d, count: d)
    (values + position * d).update(from: qkv + 2 * d, count: d)
    let scale = 1 / Float(hd).squareRoot()
    for h in 0..<heads {
      let q = qkv + h * hd
      for j in 0...position {
        scores[j] = Linear.dot(q, keys + j * d + h * hd, count: hd) * scale
      }
      LanguageMath.softmax(scores, count: position + 1)
      let out = context + h * hd
      out.update(repeating: 0, count: hd)
      for j in 0...position {
        let weight = scores[j]
        let v = values + j * d + h * hd
        for e in 0..<hd { out[e] += weight * v[e] }
      }
    }
    kernel.multiply(output, context, weights: weights, into: result)
  }
}
