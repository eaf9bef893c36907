extension LSTMLayer {
  /// Runs the layer over `batch` sequences of `tokens` steps, each from a zero state.
  ///
  /// `x` is `[batch·tokens, inputs]` and `h` receives `[batch·tokens, H]`, both row-major by
  /// sequence (row b·tokens + t). The input projection of every step is one GEMM; each step
  /// then adds h₍ₜ₋₁₎·W_hhᵀ for the whole batch (a GEMM over strided rows) and applies the
  /// gates. `gates` keeps the activated i, f, g, o, `cells` c and `tanhCells` tanh(c) for
  /// `backward`; `previous` (training) receives h₍ₜ₋₁₎ for each row (zero at t = 0).
  func forward(
    _ x: UnsafePointer<Float>,
    batch: Int,
    tokens: Int,
    weights: UnsafePointer<Float>,
    recurrentTransposed: UnsafeMutablePointer<Float>,
    gates: UnsafeMutablePointer<Float>,
    cells: UnsafeMutablePointer<Float>,
    tanhCells: UnsafeMutablePointer<Float>,
    previous: UnsafeMutablePointer<Float>?,
    into h: UnsafeMutablePointer<Float>
  ) {
    let rows = batch * tokens
    let width = hidden
    let g = 4 * width
    inputProjection.forward(x, rows: rows, weights: weights, into: gates)
    if let bias = recurrentProjection.bias {
      for r in 0..<rows { GPTModel.add(weights + bias.offset, into: gates + r * g, count: g) }
    }
    let recurrent = weights + recurrentProjection.weight.offset
    for row in 0..<g {
      for column in 0..<width {
        recurrentTransposed[column * g + row] = recurrent[row * width + column]
      }
    }
    for t in 0..<tokens {
      if t > 0 {
        Gemm.multiply(
          m: batch,
          n: g,
          k: width,
          a: h + (t - 1) * width,
          aRowStride: tokens * width,
          aColumnStride: 1,
          b: recurrentTransposed,
          bRowStride: g,
          bColumnStride: 1,
          c: gates + t * g,
          ldc: tokens * g,
          accumulate: true
        )
      }
      for b in 0..<batch {
        let r = b * tokens + t
        LSTMCell.forward(
          gates: gates + r * g,
          previousCell: t > 0 ? UnsafePointer(cells + (r - 1) * width) : nil,
          cell: cells + r * width,
          tanhCell: tanhCells + r * width,
          hidden: h + r * width,
          width: width
        )
        if let previous {
          if t > 0 {
            (previous + r * width).update(from: h + (r - 1) * width, count: width)
          } else {
            (previous + r * width).update(repeating: 0, count: width)
          }
        }
      }
    }
  }

  /// Backpropagation through time over the window of the last `forward`.
  ///
  /// `dh` is ∂loss/∂h for every row (from the layer above or the head). Walking back from
  /// the last step, the state gradients carried in `carryHidden` and `carryCell` (`[batch,
  /// H]`, overwritten) join each step's; the pre-activation gate gradients of every row land
  /// in `dGates`, and then two GEMMs each give W_ih's and W_hh's gradients over all rows and
  /// one gives ∂loss/∂x into `dx` (written, not added).
  func backward(
    input x: UnsafePointer<Float>,
    gradOutput dh: UnsafePointer<Float>,
    batch: Int,
    tokens: Int,
    weights: UnsafePointer<Float>,
    gradients: UnsafeMutablePointer<Float>,
    gates: UnsafePointer<Float>,
    cells: UnsafePointer<Float>,
    tanhCells: UnsafePointer<Float>,
    previous: UnsafePointer<Float>,
    dGates: UnsafeMutablePointer<Float>,
    carryHidden: UnsafeMutablePointer<Float>,
    carryCell: UnsafeMutablePointer<Float>,
    gradInput dx: UnsafeMutablePointer<Float>?
  ) {
    let rows = batch * tokens
    let width = hidden
    let g = 4 * width
    carryHidden.update(repeating: 0, count: batch * width)
    carryCell.update(repeating: 0, count: batch * width)
    let recurrent = weights + recurrentProjection.weight.offset
    for t in stride(from: tokens - 1, through: 0, by: -1) {
      for b in 0..<batch {
        let r = b * tokens + t
        LSTMCell.backward(
          gates: gates + r * g,
          previousCell: t > 0 ? cells + (r - 1) * width : nil,
          tanhCell: tanhCells + r * width,
          gradHidden: dh + r * width,
          carryHidden: carryHidden + b * width,
          carryCell: carryCell + b * width,
          dGates: dGates + r * g,
          width: width
        )
      }
      if t > 0 {
        Gemm.multiply(
          m: batch,
          n: width,
          k: g,
          a: dGates + t * g,
          aRowStride: tokens * g,
          aColumnStride: 1,
          b: recurrent,
          bRowStride: width,
          bColumnStride: 1,
          c: carryHidden,
          ldc: width
        )
      }
    }
    inputProjection.backward(
      input: x,
      gradOutput: dGates,
      rows: rows,
      weights: weights,
      gradients: gradients,
      gradInput: dx
    )
    recurrentProjection.backward(
      input: previous,
      gradOutput: dGates,
      rows: rows,
      weights: weights,
      gradients: gradients,
      gradInput: nil
    )
  }

  /// One step for one sequence (generation), updating the state in place.
  ///
  /// `state` holds h then c (`2H` values); `gates` and `scratch` are `4H` values each.
  func step(
    _ x: UnsafePointer<Float>,
    weights: UnsafePointer<Float>,
    state: UnsafeMutablePointer<Float>,
    gates: UnsafeMutablePointer<Float>,
    scratch: UnsafeMutablePointer<Float>
  ) {
    let width = hidden
    inputProjection.forward(x, rows: 1, weights: weights, into: gates)
    recurrentProjection.forward(state, rows: 1, weights: weights, into: scratch)
    GPTModel.add(scratch, into: gates, count: 4 * width)
    // The new h is written after the gates no longer need the old one.
    LSTMCell.forward(
      gates: gates,
      previousCell: state + width,
      cell: state + width,
      tanhCell: scratch,
      hidden: state,
      width: width
    )
  }
}
