/// Turns int32 accumulators into output codes: `q = saturate(round(acc · M) + z_out)`.
///
/// For a quantized layer `y = x·W + b`, with input `(s_in, z_in)`, weights `(s_w[j], 0)` and
/// output `(s_out, z_out)`:
///
///     acc[j] = Σ (q_x − z_in)·q_w[:, j] + q_b[j],   q_b[j] = round(b[j] / (s_in·s_w[j]))
///     M[j]   = s_in·s_w[j] / s_out
///
/// Two ways to apply `M`:
/// - `.float`: `round_half_even(Float(acc)·M)` in Float (ONNX Runtime's `QLinearMatMul` on
///   x86 with a float multiplier);
/// - `.fixedPoint`: TFLite's integer-only form, `M = m0·2^−shift` with `m0` a Q31 Int32, then
///   `SaturatingRoundingDoublingHighMul` and a rounding right shift (ties away from zero).
public struct Requantization: Sendable, Hashable {
  /// How the real multiplier is applied.
  public enum Mode: Sendable, Hashable {
    /// Multiply in Float and round half to even.
    case float
    /// Multiply by a Q31 integer and shift (integer-only inference).
    case fixedPoint
  }

  /// The real multipliers `s_in·s_w[j] / s_out`, one per output channel (or one).
  public let multipliers: [Float]
  /// Q31 mantissas of the multipliers, in `[2^30, 2^31)` (or 0).
  public let fixedMultipliers: [Int32]
  /// Right shifts paired with `fixedMultipliers` (negative means a left shift).
  public let shifts: [Int32]
  /// The output zero point.
  public let outputZeroPoint: Int32
  /// Smallest output code (`qmin`, or the zero point when ReLU is fused).
  public let outputMinimum: Int32
  /// Largest output code.
  public let outputMaximum: Int32
  /// Which arithmetic `apply` uses.
  public let mode: Mode

  /// Builds the multipliers for one layer; `weightScales` has one entry per channel or one.
  public init(
    inputScale: Float,
    weightScales: [Float],
    outputScale: Float,
    outputZeroPoint: Int32,
    outputMinimum: Int32,
    outputMaximum: Int32,
    mode: Mode = .float
  ) {
    let multipliers = weightScales.map {
      Float(Double(inputScale) * Double($0) / Double(outputScale))
    }
    self.multipliers = multipliers
    var fixed: [Int32] = []
    var shifts: [Int32] = []
    for multiplier in multipliers {
      let (mantissa, shift) = Requantization.quantizeMultiplier(Double(multiplier))
      fixed.append(mantissa)
      shifts.append(shift)
    }
    self.fixedMultipliers = fixed
    self.shifts = shifts
    self.outputZeroPoint = outputZeroPoint
    self.outputMinimum = outputMinimum
    self.outputMaximum = outputMaximum
    self.mode = mode
  }

  /// Splits `multiplier` into a Q31 mantissa and a right shift: `M ≈ m0 · 2^(−31−shift)`.
  ///
  /// Follows TFLite's `QuantizeMultiplier`: `frexp` gives `M = f·2^e`, `f ∈ [0.5, 1)`, and
  /// `m0 = round(f·2^31)` (a mantissa of exactly 2^31 is halved and `e` incremented).
  public static func quantizeMultiplier(_ multiplier: Double) -> (mantissa: Int32, shift: Int32) {
    guard multiplier > 0, multiplier.isFinite else { return (0, 0) }
    var exponent = Int32(multiplier.exponent) + 1
    var mantissa =
      (multiplier / Double(sign: .plus, exponent: Int(exponent), significand: 1)
      * 2_147_483_648.0).rounded()
    if mantissa == 2_147_483_648.0 {
      mantissa /= 2
      exponent += 1
    }
    if exponent < -31 { return (0, 0) }
    return (Int32(mantissa), -exponent)
  }

  /// The output code for accumulator `acc` of channel `channel` (bias already added).
  @inlinable
  public func apply(_ acc: Int32, channel: Int) -> Int32 {
    let scaled: Int32
    switch mode {
    case .float:
      let real = (Float(acc) * multipliers[channel]).rounded(.toNearestOrEven)
      let bounded = Swift.min(Swift.max(real, -2_147_483_520), 2_147_483_520)
      scaled = Int32(bounded)
    case .fixedPoint:
      scaled = Requantization.multiplyByQuantizedMultiplier(
        acc,
        mantissa: fixedMultipliers[channel],
        shift: shifts[channel]
      )
    }
    let code = Int64(scaled) + Int64(outputZeroPoint)
    return Int32(Swift.min(Swift.max(code, Int64(outputMinimum)), Int64(outputMaximum)))
  }

  /// Output codes for a row-major `[rows, columns]` block of accumulators, adding
  /// `correction[j]` to column `j` first (channel `j` when there is one multiplier per column).
  ///
  /// The same codes as `apply(_:channel:)` element by element; the float mode runs eight
  /// columns at a time (clamping before rounding is the same as after, the bounds being
  /// integers).
  public func apply(_ acc: [Int32], rows: Int, columns: Int, correction: [Int32]) -> [Int32] {
    precondition(acc.count == rows * columns && correction.count == columns)
    let perChannel = multipliers.count > 1
    precondition(!perChannel || multipliers.count == columns)
    let vectorEnd = mode == .float ? columns - columns % 8 : 0
    return [Int32](unsafeUninitializedCapacity: acc.count) { output, initialized in
      acc.withUnsafeBytes { source in
        correction.withUnsafeBytes { offsets in
          multipliers.withUnsafeBytes { scales in
            let target = UnsafeMutableRawPointer(output.baseAddress!)
            for row in 0..<rows {
              let base = row * columns * 4
              var column = 0
              while column < vectorEnd {
                let total =
                  source.loadUnaligned(fromByteOffset: base + column * 4, as: SIMD8<Int32>.self)
                  &+ offsets.loadUnaligned(fromByteOffset: column * 4, as: SIMD8<Int32>.self)
                let multiplier =
                  perChannel
                  ? scales.loadUnaligned(fromByteOffset: column * 4, as: SIMD8<Float>.self)
                  : SIMD8(repeating: multipliers[0])
                target.storeBytes(
                  of: codes(total, multipliers: multiplier),
                  toByteOffset: base + column * 4,
                  as: SIMD8<Int32>.self
                )
                column += 8
              }
              for column in vectorEnd..<columns {
                let index = row * columns + column
                output[index] = apply(
                  acc[index] &+ correction[column],
                  channel: perChannel ? column : 0
                )
              }
            }
          }
        }
      }
      initialized = acc.count
    }
  }

  /// Eight output codes of the float mode for accumulators `total` (correction added) and
  /// their channels' `multipliers`: the same codes as `apply(_:channel:)` (clamping before
  /// rounding to even is the same as after, the bounds being integers).
  @inline(__always)
  func codes(_ total: SIMD8<Int32>, multipliers: SIMD8<Float>) -> SIMD8<Int32> {
    VectorMath.clampedRoundedInt32(
      VectorMath.float(total) * multipliers,
      low: Float(outputMinimum - outputZeroPoint),
      high: Float(outputMaximum - outputZeroPoint)
    ) &+ outputZeroPoint
  }

  /// TFLite's `MultiplyByQuantizedMultiplier`: a saturating rounding doubling high multiply by
  /// the Q31 `mantissa`, then a rounding right shift by `shift` (ties away from zero).
  @inlinable
  public static func multiplyByQuantizedMultiplier(_ x: Int32, mantissa: Int32, shift: Int32)
    -> Int32
  {
    let leftShift = shift < 0 ? -shift : 0
    let rightShift = shift > 0 ? shift : 0
    let shifted = Int64(x) << Int64(leftShift)
    let input = Int32(Swift.min(Swift.max(shifted, Int64(Int32.min)), Int64(Int32.max)))
    // SaturatingRoundingDoublingHighMul
    if input == Int32.min && mantissa == Int32.min { return Int32.max }
    let product = Int64(input) * Int64(mantissa)
    let nudge: Int64 = product >= 0 ? (1 << 30) : (1 - (1 << 30))
    let high = Int32(truncatingIfNeeded: (product + nudge) / (1 << 31))
    // RoundingDivideByPOT
    guard rightShift > 0 else { return high }
    let mask = (Int64(1) << Int64(rightShift)) - 1
    let remainder = Int64(high) & mask
    let threshold = (mask >> 1) + (high < 0 ? 1 : 0)
    return Int32((Int64(high) >> Int64(rightShift)) + (remainder > threshold ? 1 : 0))
  }
}
