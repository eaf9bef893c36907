/// The LSTM cell, eight units at a time, for every LSTM the engine runs: a network's
/// `lstm` layer (`RecurrentKernels`, Keras' gates i, f, c, o) and the language model's
/// `LSTMLayer` (PyTorch's i, f, g, o: the same order), forward and backward.
///
/// A row's gates arrive as the pre-activations x·W + h₋₁·U + b, four blocks of `width`.
enum LSTMCell {
  /// Activates one row's gates in place and computes c = f⊙c₋₁ + i⊙g, tanh(c), h = o⊙tanh(c).
  ///
  /// `previousCell` nil means a zero state; it may be the same memory as `cell`.
  @inline(__always)
  static func forward(
    gates: UnsafeMutablePointer<Float>,
    previousCell: UnsafePointer<Float>?,
    cell: UnsafeMutablePointer<Float>,
    tanhCell: UnsafeMutablePointer<Float>,
    hidden: UnsafeMutablePointer<Float>,
    width: Int
  ) {
    var j = 0
    while j < width {
      let lanes = min(8, width - j)
      let i = sigmoid(load(gates + j, lanes))
      let f = sigmoid(load(gates + width + j, lanes))
      let gg = tanh(load(gates + 2 * width + j, lanes))
      let o = sigmoid(load(gates + 3 * width + j, lanes))
      let before = previousCell.map { load($0 + j, lanes) } ?? SIMD8<Float>()
      let c = f * before + i * gg
      let tc = tanh(c)
      store(i, gates + j, lanes)
      store(f, gates + width + j, lanes)
      store(gg, gates + 2 * width + j, lanes)
      store(o, gates + 3 * width + j, lanes)
      store(c, cell + j, lanes)
      store(tc, tanhCell + j, lanes)
      store(o * tc, hidden + j, lanes)
      j += lanes
    }
  }

  /// One row's step back: from ∂h and the carried ∂c to the pre-activation gate gradients.
  ///
  /// ∂h is this row's plus the one carried from the step after; ∂c₍ₜ₋₁₎ is left in
  /// `carryCell`.
  @inline(__always)
  static func backward(
    gates: UnsafePointer<Float>,
    previousCell: UnsafePointer<Float>?,
    tanhCell: UnsafePointer<Float>,
    gradHidden: UnsafePointer<Float>,
    carryHidden: UnsafePointer<Float>,
    carryCell: UnsafeMutablePointer<Float>,
    dGates: UnsafeMutablePointer<Float>,
    width: Int
  ) {
    var j = 0
    while j < width {
      let lanes = min(8, width - j)
      let i = load(gates + j, lanes)
      let f = load(gates + width + j, lanes)
      let gg = load(gates + 2 * width + j, lanes)
      let o = load(gates + 3 * width + j, lanes)
      let tc = load(tanhCell + j, lanes)
      let dh = load(gradHidden + j, lanes) + load(carryHidden + j, lanes)
      let dc = load(carryCell + j, lanes) + dh * o * (1 - tc * tc)
      let before = previousCell.map { load($0 + j, lanes) } ?? SIMD8<Float>()
      store(dc * gg * i * (1 - i), dGates + j, lanes)
      store(dc * before * f * (1 - f), dGates + width + j, lanes)
      store(dc * i * (1 - gg * gg), dGates + 2 * width + j, lanes)
      store(dh * tc * o * (1 - o), dGates + 3 * width + j, lanes)
      store(dc * f, carryCell + j, lanes)
      j += lanes
    }
  }

  /// σ(x) = 1 / (1 + e^−x), lane by lane.
  @inline(__always)
  static func sigmoid(_ x: SIMD8<Float>) -> SIMD8<Float> {
    1 / (1 + LanguageMath.exp(-x))
  }

  /// tanh(x) = 2σ(2x) − 1, lane by lane.
  @inline(__always)
  static func tanh(_ x: SIMD8<Float>) -> SIMD8<Float> {
    2 / (1 + LanguageMath.exp(-2 * x)) - 1
  }

  @inline(__always)
  static func load(_ p: UnsafePointer<Float>, _ lanes: Int) -> SIMD8<Float> {
    if lanes == 8 { return UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self) }
    var v = SIMD8<Float>()
    for k in 0..<lanes { v[k] = p[k] }
    return v
  }

  @inline(__always)
  static func load(_ p: UnsafeMutablePointer<Float>, _ lanes: Int) -> SIMD8<Float> {
    load(UnsafePointer(p), lanes)
  }

  @inline(__always)
  static func store(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>, _ lanes: Int) {
    if lanes == 8 {
      UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self)
      return
    }
    for k in 0..<lanes { p[k] = v[k] }
  }
}
