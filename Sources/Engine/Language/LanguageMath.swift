/// Vectorised exponential, error function and GELU for the engine (the language-model
/// layers, and the `gelu` activation through `ActivationFunction.gelu`).
///
/// `exp` follows Cephes' `expf` (range reduction by ln 2 in two parts and a degree-6
/// polynomial, relative error about 2·10⁻⁷); `erf` is Abramowitz & Stegun 7.1.26 (absolute
/// error below 1.5·10⁻⁷), so GELU matches PyTorch's exact (erf) `nn.GELU()` within float
/// rounding while costing a few instructions per value instead of a library call.
enum LanguageMath {
  private static let log2e: Float = 1.442_695_04
  private static let ln2High: Float = 0.693_359_375
  private static let ln2Low: Float = -2.121_944_4e-4

  /// e^x for each lane; inputs below −87 give about 10⁻³⁸, above 88 about 1.6·10³⁸.
  @inline(__always)
  static func exp(_ x: SIMD8<Float>) -> SIMD8<Float> {
    let clamped = VectorMath.clamped(x, low: -87, high: 88)
    let whole = VectorMath.clampedRoundedInt32(clamped * log2e, low: -126, high: 127)
    let n = VectorMath.float(whole)
    let r = clamped - n * ln2High - n * ln2Low
    var p = SIMD8<Float>(repeating: 1.987_569_15e-4)
    p = p * r + 1.398_199_950_7e-3
    p = p * r + 8.333_451_907_3e-3
    p = p * r + 4.166_579_589_4e-2
    p = p * r + 1.666_666_545_9e-1
    p = p * r + 5.000_000_120_1e-1
    p = p * r * r + r + 1
    let bits = (whole &+ 127) &<< 23
    return p * unsafeBitCast(bits, to: SIMD8<Float>.self)
  }

  /// e^x for one value, by the same method as the vector form.
  @inline(__always)
  static func exp(_ x: Float) -> Float {
    exp(SIMD8<Float>(repeating: x))[0]
  }

  /// GELU with the exact error function and its derivative, lane by lane.
  ///
  /// gelu(x) = x·Φ(x), Φ(x) = ½(1 + erf(x/√2)); gelu′(x) = Φ(x) + x·φ(x), φ(x) = e^(−x²/2)/√(2π).
  @inline(__always)
  static func gelu(_ x: SIMD8<Float>) -> (value: SIMD8<Float>, derivative: SIMD8<Float>) {
    let z = x * 0.707_106_781_186_547_5
    let magnitude = z.replacing(with: -z, where: z .< 0)
    let t = 1 / (1 + 0.327_591_1 * magnitude)
    var poly = SIMD8<Float>(repeating: 1.061_405_429)
    poly = poly * t - 1.453_152_027
    poly = poly * t + 1.421_413_741
    poly = poly * t - 0.284_496_736
    poly = poly * t + 0.254_829_592
    poly = poly * t
    let gauss = exp(-(x * x) * 0.5)
    let erfMagnitude = 1 - poly * gauss
    let erf = erfMagnitude.replacing(with: -erfMagnitude, where: z .< 0)
    let cdf = 0.5 * (1 + erf)
    return (x * cdf, cdf + x * gauss * 0.398_942_280_401_432_7)
  }

  /// Softmax of `count` values in place (shifted by the largest for stability).
  static func softmax(_ row: UnsafeMutablePointer<Float>, count: Int) {
    var largest = -Float.infinity
    for j in 0..<count { largest = Swift.max(largest, row[j]) }
    var total: Float = 0
    var j = 0
    while j + 8 <= count {
      let e = exp(UnsafeRawPointer(row + j).loadUnaligned(as: SIMD8<Float>.self) - largest)
      UnsafeMutableRawPointer(row + j).storeBytes(of: e, as: SIMD8<Float>.self)
      total += e.sum()
      j += 8
    }
    while j < count {
      let e = exp(row[j] - largest)
      row[j] = e
      total += e
      j += 1
    }
    let scale = 1 / total
    for j in 0..<count { row[j] *= scale }
  }
}
