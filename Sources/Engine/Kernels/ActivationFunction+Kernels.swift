import Foundation

/// The activation's forward pass and derivative, as the training kernels run them.
///
/// Derivatives are written in terms of the output `y`, which the layers cache:
/// relu′ = [y > 0], sigmoid′ = y(1 − y), tanh′ = 1 − y², and for softmax over the last axis
/// `∂L/∂x = y ⊙ (∂L/∂y − Σ(∂L/∂y ⊙ y))`. gelu and silu cannot be differentiated from their
/// output; the layers keep their input (`derivativeNeedsInput`).
extension ActivationFunction {
  /// Applies the activation in place; softmax runs over rows of `rowLength` values.
  public func apply(_ values: UnsafeMutableBufferPointer<Float>, rowLength: Int) {
    let count = values.count
    guard let p = values.baseAddress, count > 0 else { return }
    switch self {
    case .linear:
      return
    case .relu:
      var i = 0
      let raw = UnsafeMutableRawPointer(p)
      while i + 16 <= count {
        let v = raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
        raw.storeBytes(
          of: v.replacing(with: 0, where: v .< 0),
          toByteOffset: i * 4,
          as: SIMD16<Float>.self
        )
        i += 16
      }
      while i < count {
        if p[i] < 0 { p[i] = 0 }
        i += 1
      }
    case .sigmoid:
      for i in 0..<count { p[i] = ActivationFunction.sigmoid(p[i]) }
    case .tanh:
      for i in 0..<count { p[i] = Foundation.tanh(p[i]) }
    case .softmax:
      ActivationFunction.softmaxRows(p, rows: count / rowLength, length: rowLength)
    case .gelu:
      ActivationFunction.gelu(p, count: count, derivative: nil)
    case .silu:
      for i in 0..<count { p[i] = p[i] * ActivationFunction.sigmoid(p[i]) }
    }
  }

  /// Whether the derivative needs the values before the activation (gelu, silu) rather than
  /// the output the layers cache.
  public var derivativeNeedsInput: Bool {
    self == .gelu || self == .silu
  }

  /// Turns `gradient` (∂L/∂y) into ∂L/∂x in place, given the values `x` before the activation.
  ///
  /// gelu′ = Φ(x) + x·φ(x), silu′ = s + x·s·(1 − s) with s = sigmoid(x).
  /// Only for activations whose `derivativeNeedsInput`; the others are left unchanged.
  public func backward(input x: UnsafePointer<Float>, gradient g: UnsafeMutableBufferPointer<Float>)
  {
    guard let d = g.baseAddress else { return }
    switch self {
    case .gelu:
      var i = 0
      while i + 8 <= g.count {
        let slope = LanguageMath.gelu(UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self))
          .derivative
        let raw = UnsafeMutableRawPointer(d + i)
        raw.storeBytes(of: raw.load(as: SIMD8<Float>.self) * slope, as: SIMD8<Float>.self)
        i += 8
      }
      while i < g.count {
        d[i] *= LanguageMath.gelu(SIMD8(repeating: x[i])).derivative[0]
        i += 1
      }
    case .silu:
      for i in 0..<g.count {
        let s = ActivationFunction.sigmoid(x[i])
        d[i] *= s + x[i] * s * (1 - s)
      }
    default:
      return
    }
  }

  /// The exact Gaussian error linear unit `x·Φ(x) = x/2·(1 + erf(x/√2))` (Keras' default,
  /// `approximate=False`; PyTorch's `nn.GELU()`), by `LanguageMath.gelu`: within float
  /// rounding of the double-precision formula.
  public static func gelu(_ x: Float) -> Float {
    LanguageMath.gelu(SIMD8(repeating: x)).value[0]
  }

  /// Replaces each of `count` values with its GELU, eight at a time.
  ///
  /// Stores the derivative when `derivative` is given. The one GELU of the engine: the
  /// `gelu` activation of the classic layers and the language models' MLP both run it.
  static func gelu(
    _ values: UnsafeMutablePointer<Float>,
    count: Int,
    derivative: UnsafeMutablePointer<Float>?
  ) {
    var i = 0
    while i + 8 <= count {
      let x = UnsafeRawPointer(values + i).loadUnaligned(as: SIMD8<Float>.self)
      let (value, slope) = LanguageMath.gelu(x)
      UnsafeMutableRawPointer(values + i).storeBytes(of: value, as: SIMD8<Float>.self)
      if let derivative {
        UnsafeMutableRawPointer(derivative + i).storeBytes(of: slope, as: SIMD8<Float>.self)
      }
      i += 8
    }
    while i < count {
      let (value, slope) = LanguageMath.gelu(SIMD8<Float>(repeating: values[i]))
      values[i] = value[0]
      derivative?[i] = slope[0]
      i += 1
    }
  }

  /// Returns the activated copy of `tensor` (softmax over the last axis).
  public func callAsFunction(_ tensor: Tensor) -> Tensor {
    var result = tensor
    let row = tensor.shape.last ?? 1
    result.scalars.withUnsafeMutableBufferPointer { apply($0, rowLength: row) }
    return result
  }

  /// Turns `gradient` (∂L/∂y) into ∂L/∂x in place, given the cached output `y`.
  public func backward(
    output y: UnsafePointer<Float>,
    gradient g: UnsafeMutableBufferPointer<Float>,
    rowLength: Int
  ) {
    let count = g.count
    guard let d = g.baseAddress else { return }
    switch self {
    case .linear:
      return
    case .relu:
      for i in 0..<count where y[i] <= 0 { d[i] = 0 }
    case .sigmoid:
      for i in 0..<count { d[i] *= y[i] * (1 - y[i]) }
    case .tanh:
      for i in 0..<count { d[i] *= 1 - y[i] * y[i] }
    case .softmax:
      var start = 0
      while start < count {
        var dot: Float = 0
        for j in start..<(start + rowLength) { dot += d[j] * y[j] }
        for j in start..<(start + rowLength) { d[j] = y[j] * (d[j] - dot) }
        start += rowLength
      }
    case .gelu, .silu:
      // Their derivative needs the input: `backward(input:gradient:)`.
      return
    }
  }

  /// The logistic function `1 / (1 + e^(−x))`, computed without overflow.
  @inlinable
  public static func sigmoid(_ x: Float) -> Float {
    if x >= 0 {
      return 1 / (1 + Foundation.exp(-x))
    }
    let e = Foundation.exp(x)
    return e / (1 + e)
  }

  /// Softmax over each row: `yᵢ = e^(xᵢ − max x) / Σⱼ e^(xⱼ − max x)` (shifted for stability).
  public static func softmaxRows(_ p: UnsafeMutablePointer<Float>, rows: Int, length: Int) {
    for r in 0..<rows {
      let row = p + r * length
      var largest = -Float.infinity
      for j in 0..<length { largest = max(largest, row[j]) }
      var total: Float = 0
      for j in 0..<length {
        let e = Foundation.exp(row[j] - largest)
        row[j] = e
        total += e
      }
      let scale = 1 / total
      for j in 0..<length { row[j] *= scale }
    }
  }
}
