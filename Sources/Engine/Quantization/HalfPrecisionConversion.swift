/// Converts float32 weights to IEEE 754 binary16 (fp16) and back.
///
/// Rounding is round-to-nearest, ties-to-even (Swift's `Float16(_:)`, the hardware `vcvtps2ph`
/// default). Values with `|x| ≥ 65520` (halfway between 65504, the largest finite half, and
/// the next power of two) overflow to ±infinity; values below `2^−24 / 2` flush to ±0, and
/// values between that and `2^−14` become subnormal halves. Size: 2 bytes per value.
public enum HalfPrecisionConversion {
  /// What a conversion lost: how many values became infinite, zero or subnormal.
  public struct Report: Sendable, Hashable {
    /// Finite inputs that became ±infinity.
    public var overflowCount = 0
    /// Non-zero inputs that became ±0.
    public var underflowCount = 0
    /// Inputs that became subnormal halves (reduced precision).
    public var subnormalCount = 0
    /// Largest absolute error among values that stayed finite.
    public var maxAbsoluteError: Float = 0
  }

  /// The largest finite fp16 value, 65504.
  public static let largestFinite = Float(Float16.greatestFiniteMagnitude)

  /// Rounds each value to the nearest fp16 (ties to even).
  public static func toHalf(_ values: [Float]) -> [Float16] {
    values.map { Float16($0) }
  }

  /// Widens fp16 values back to float32 exactly.
  public static func toFloat(_ values: [Float16]) -> [Float] {
    values.map { Float($0) }
  }

  /// Rounds through fp16 and reports overflow, underflow and the worst finite error.
  public static func roundTrip(_ values: [Float]) -> (values: [Float], report: Report) {
    var report = Report()
    var output = [Float](repeating: 0, count: values.count)
    for (index, value) in values.enumerated() {
      let half = Float16(value)
      let back = Float(half)
      output[index] = back
      if value.isFinite && half.isInfinite {
        report.overflowCount += 1
      } else if value != 0 && half == 0 {
        report.underflowCount += 1
      } else if half.isSubnormal {
        report.subnormalCount += 1
      }
      if back.isFinite && value.isFinite {
        report.maxAbsoluteError = max(report.maxAbsoluteError, abs(back - value))
      }
    }
    return (output, report)
  }
}
