/// How real numbers map to a small integer grid: bit width, signedness, range and symmetry.
///
/// The affine mapping shared by ONNX, TFLite and PyTorch is
/// `real = (q − zeroPoint) · scale`, with `q ∈ [qmin, qmax]`.
///
/// - Symmetric schemes fix `zeroPoint = 0` and compute
///   `scale = 2·max(|min|, |max|) / (qmax − qmin)` (ONNX Runtime's `compute_scale_zp`).
///   The default int8 weight scheme is the *narrow* range `[−127, 127]` used by TFLite's
///   quantization spec and ONNX Runtime's symmetric int8, so `scale = max|w| / 127` and the
///   grid is symmetric around 0. PyTorch's `per_channel_symmetric` uses the full
///   `[−128, 127]`; `int8SymmetricFullRange` reproduces it (`scale = max|w| / 127.5`).
/// - Asymmetric schemes widen `[min, max]` to include 0 (so zero padding is exact), then
///   `scale = (max − min) / (qmax − qmin)` and
///   `zeroPoint = clamp(round(qmin − min / scale), qmin, qmax)`.
public struct QuantizationScheme: Sendable, Hashable, CustomStringConvertible {
  /// Bits per stored value (4 or 8).
  public let bitWidth: Int
  /// Smallest code on the grid.
  public let qmin: Int32
  /// Largest code on the grid.
  public let qmax: Int32
  /// Whether the zero point is fixed at 0.
  public let isSymmetric: Bool

  /// Creates a scheme from its grid; `qmin < qmax` and both must fit in `bitWidth` bits.
  public init(bitWidth: Int, qmin: Int32, qmax: Int32, isSymmetric: Bool) throws {
    guard bitWidth == 4 || bitWidth == 8 else {
      throw CompressionError.invalidParameter(
        name: "bitWidth",
        value: "\(bitWidth)",
        expected: "4 or 8"
      )
    }
    let lowest: Int32 = qmin < 0 ? -(1 << (bitWidth - 1)) : 0
    let highest: Int32 = qmin < 0 ? (1 << (bitWidth - 1)) - 1 : (1 << bitWidth) - 1
    guard qmin < qmax, qmin >= lowest, qmax <= highest else {
      throw CompressionError.invalidParameter(
        name: "range",
        value: "[\(qmin), \(qmax)]",
        expected: "an increasing range inside [\(lowest), \(highest)]"
      )
    }
    guard !isSymmetric || qmin < 0 else {
      throw CompressionError.invalidParameter(
        name: "isSymmetric",
        value: "true",
        expected: "false for an unsigned range"
      )
    }
    self.bitWidth = bitWidth
    self.qmin = qmin
    self.qmax = qmax
    self.isSymmetric = isSymmetric
  }

  private init(uncheckedBits bits: Int, qmin: Int32, qmax: Int32, symmetric: Bool) {
    self.bitWidth = bits
    self.qmin = qmin
    self.qmax = qmax
    self.isSymmetric = symmetric
  }

  /// Signed int8, zero point 0, narrow range `[−127, 127]` (TFLite and ONNX Runtime weights).
  public static let int8Symmetric = QuantizationScheme(
    uncheckedBits: 8,
    qmin: -127,
    qmax: 127,
    symmetric: true
  )
  /// Signed int8, zero point 0, full range `[−128, 127]` (PyTorch `per_channel_symmetric`).
  public static let int8SymmetricFullRange = QuantizationScheme(
    uncheckedBits: 8,
    qmin: -128,
    qmax: 127,
    symmetric: true
  )
  /// Signed int8 with a zero point, `[−128, 127]` (TFLite and ONNX S8 activations).
  public static let int8Asymmetric = QuantizationScheme(
    uncheckedBits: 8,
    qmin: -128,
    qmax: 127,
    symmetric: false
  )
  /// Unsigned uint8 with a zero point, `[0, 255]` (older TFLite, ONNX U8 activations).
  public static let uint8Asymmetric = QuantizationScheme(
    uncheckedBits: 8,
    qmin: 0,
    qmax: 255,
    symmetric: false
  )
  /// Signed int4, zero point 0, narrow range `[−7, 7]`.
  public static let int4Symmetric = QuantizationScheme(
    uncheckedBits: 4,
    qmin: -7,
    qmax: 7,
    symmetric: true
  )
  /// Signed int4, zero point 0, full range `[−8, 7]` (ONNX Runtime's int4 range).
  public static let int4SymmetricFullRange = QuantizationScheme(
    uncheckedBits: 4,
    qmin: -8,
    qmax: 7,
    symmetric: true
  )
  /// Unsigned uint4 with a zero point, `[0, 15]`.
  public static let uint4Asymmetric = QuantizationScheme(
    uncheckedBits: 4,
    qmin: 0,
    qmax: 15,
    symmetric: false
  )

  /// Whether codes can be negative.
  public var isSigned: Bool { qmin < 0 }

  /// Number of grid steps, `qmax − qmin`.
  public var levels: Int32 { qmax - qmin }

  /// The scale and zero point that map the real range `[minimum, maximum]` onto the grid.
  ///
  /// The range is first widened to include 0. Symmetric:
  /// `scale = 2·max(|min|, |max|) / (qmax − qmin)`, `zeroPoint = 0`. Asymmetric:
  /// `scale = (max − min) / (qmax − qmin)`,
  /// `zeroPoint = clamp(round_half_even(qmin − min / scale), qmin, qmax)`.
  /// As in ONNX Runtime 1.32's `compute_scale_zp`, the range and the division are taken in
  /// Double, the zero point uses the Double scale, and the stored scale is that Double rounded
  /// to Float. A degenerate range (scale below `Float.leastNormalMagnitude`, an all-zero
  /// tensor) gives `scale = 1, zeroPoint = 0`.
  public func scaleAndZeroPoint(minimum: Float, maximum: Float) -> (scale: Float, zeroPoint: Int32)
  {
    var low = Double(Swift.min(minimum, 0))
    var high = Double(Swift.max(maximum, 0))
    if isSymmetric {
      let absMax = Swift.max(abs(low), abs(high))
      (low, high) = (-absMax, absMax)
    }
    let scale = (high - low) / Double(levels)
    guard scale >= Double(Float.leastNormalMagnitude), scale.isFinite else { return (1, 0) }
    if isSymmetric { return (Float(scale), 0) }
    let raw = (Double(qmin) - low / scale).rounded(.toNearestOrEven)
    let zeroPoint = Int32(Swift.min(Swift.max(raw, Double(qmin)), Double(qmax)))
    return (Float(scale), zeroPoint)
  }

  /// The ONNX `QuantizeLinear` of one value: `saturate(round_half_even(x / scale) + zeroPoint)`.
  ///
  /// The division is a Float division, as in ONNX Runtime; NaN maps to the zero point.
  @inlinable
  public func quantize(_ x: Float, scale: Float, zeroPoint: Int32) -> Int32 {
    let scaled = (x / scale).rounded(.toNearestOrEven)
    guard scaled == scaled else { return zeroPoint }
    let low = Float(qmin - zeroPoint)
    let high = Float(qmax - zeroPoint)
    return Int32(Swift.min(Swift.max(scaled, low), high)) + zeroPoint
  }

  /// The ONNX `DequantizeLinear` of one code: `(q − zeroPoint) · scale`.
  @inlinable
  public func dequantize(_ q: Int32, scale: Float, zeroPoint: Int32) -> Float {
    return Float(q - zeroPoint) * scale
  }

  public var description: String {
    let kind = isSymmetric ? "symmetric" : "asymmetric"
    let sign = isSigned ? "int" : "uint"
    return "\(sign)\(bitWidth) \(kind) [\(qmin), \(qmax)]"
  }
}
