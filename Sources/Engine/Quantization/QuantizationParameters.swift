/// Scales and zero points for one tensor: one pair (per-tensor) or one per channel.
///
/// Per-channel parameters run along `axis`. For Keras-layout kernels the output channel is
/// the last axis: Dense `[in, out]` and Conv2D `[kh, kw, cin, cout]`, so
/// `channel(i) = i mod shape.last`. (TFLite stores the transposed kernel and reports axis 0;
/// the channels are the same.)
///
/// Size on disk: `N·bits/8 + channels·4` bytes of scales, plus `channels` zero points for an
/// asymmetric scheme.
public struct QuantizationParameters: Sendable, Hashable {
  /// The grid the codes live on.
  public let scheme: QuantizationScheme
  /// One scale per channel, or a single scale when `axis` is nil.
  public let scales: [Float]
  /// One zero point per channel, or a single zero point when `axis` is nil.
  public let zeroPoints: [Int32]
  /// The channel axis in the tensor's shape, or nil for per-tensor parameters.
  public let axis: Int?

  /// Parameters given directly; `scales` and `zeroPoints` must have the same positive count.
  public init(scheme: QuantizationScheme, scales: [Float], zeroPoints: [Int32], axis: Int?)
    throws
  {
    guard !scales.isEmpty, scales.count == zeroPoints.count else {
      throw CompressionError.shapeMismatch(
        expected: scales.count,
        actual: zeroPoints.count,
        context: "zero points per scale"
      )
    }
    guard axis != nil || scales.count == 1 else {
      throw CompressionError.invalidParameter(
        name: "scales.count",
        value: "\(scales.count)",
        expected: "1 for per-tensor parameters"
      )
    }
    for scale in scales where !(scale > 0 && scale.isFinite) {
      throw CompressionError.invalidParameter(
        name: "scale",
        value: "\(scale)",
        expected: "a positive finite number"
      )
    }
    for zeroPoint in zeroPoints where zeroPoint < scheme.qmin || zeroPoint > scheme.qmax {
      throw CompressionError.invalidParameter(
        name: "zero point",
        value: "\(zeroPoint)",
        expected: "inside [\(scheme.qmin), \(scheme.qmax)]"
      )
    }
    self.scheme = scheme
    self.scales = scales
    self.zeroPoints = zeroPoints
    self.axis = axis
  }

  /// Per-tensor parameters for an observed real range (see `QuantizationScheme`).
  public init(scheme: QuantizationScheme, minimum: Float, maximum: Float) {
    let (scale, zeroPoint) = scheme.scaleAndZeroPoint(minimum: minimum, maximum: maximum)
    self.scheme = scheme
    self.scales = [scale]
    self.zeroPoints = [zeroPoint]
    self.axis = nil
  }

  /// Per-tensor min/max parameters for `values`.
  public init(perTensor values: [Float], scheme: QuantizationScheme) {
    var low = Float.infinity
    var high = -Float.infinity
    for value in values where value == value {
      low = Swift.min(low, value)
      high = Swift.max(high, value)
    }
    if values.isEmpty || low > high { (low, high) = (0, 0) }
    self.init(scheme: scheme, minimum: low, maximum: high)
  }

  /// Per-channel min/max parameters for a tensor of `shape` along `axis` (default: last).
  ///
  /// `axis` may be negative (`-1` is the last axis).
  public init(perChannel values: [Float], shape: [Int], axis: Int = -1, scheme: QuantizationScheme)
    throws
  {
    let layout = try ChannelLayout(count: values.count, shape: shape, axis: axis)
    var lows = [Float](repeating: .infinity, count: layout.channels)
    var highs = [Float](repeating: -.infinity, count: layout.channels)
    values.withUnsafeBufferPointer { buffer in
      for outer in 0..<layout.outer {
        for channel in 0..<layout.channels {
          let base = (outer * layout.channels + channel) * layout.inner
          var low = lows[channel]
          var high = highs[channel]
          for index in base..<(base + layout.inner) where buffer[index] == buffer[index] {
            low = Swift.min(low, buffer[index])
            high = Swift.max(high, buffer[index])
          }
          lows[channel] = low
          highs[channel] = high
        }
      }
    }
    var scales: [Float] = []
    var zeroPoints: [Int32] = []
    for channel in 0..<layout.channels {
      let low = lows[channel] <= highs[channel] ? lows[channel] : 0
      let high = lows[channel] <= highs[channel] ? highs[channel] : 0
      let (scale, zeroPoint) = scheme.scaleAndZeroPoint(minimum: low, maximum: high)
      scales.append(scale)
      zeroPoints.append(zeroPoint)
    }
    self.scheme = scheme
    self.scales = scales
    self.zeroPoints = zeroPoints
    self.axis = layout.axis
  }

  /// Whether there is one scale per channel.
  public var isPerChannel: Bool { axis != nil }

  /// Bytes of metadata: 4 per scale, plus 1 (8-bit) or 1 (4-bit, stored as a byte) per zero point
  /// when the scheme is asymmetric.
  public var metadataByteCount: Int {
    scales.count * 4 + (scheme.isSymmetric ? 0 : zeroPoints.count)
  }

  /// Codes for `values` (shape `shape`), each `saturate(round_half_even(x/scale) + zeroPoint)`.
  public func quantize(_ values: [Float], shape: [Int]) throws -> [Int32] {
    if axis == nil && shape.reduce(1, *) == values.count {
      return quantizePerTensor(values)
    }
    var codes = [Int32](repeating: 0, count: values.count)
    try forEachChannelRun(count: values.count, shape: shape) { range, channel in
      let scale = scales[channel]
      let zeroPoint = zeroPoints[channel]
      for index in range {
        codes[index] = scheme.quantize(values[index], scale: scale, zeroPoint: zeroPoint)
      }
    }
    return codes
  }

  /// The per-tensor case: all the codes at once.
  private func quantizePerTensor(_ values: [Float]) -> [Int32] {
    [Int32](unsafeUninitializedCapacity: values.count) { codes, initialized in
      values.withUnsafeBufferPointer { source in
        quantizePerTensor(
          source.baseAddress!,
          count: values.count,
          eight: { index, eight in
            UnsafeMutableRawPointer(codes.baseAddress!)
              .storeBytes(of: eight, toByteOffset: index * 4, as: SIMD8<Int32>.self)
          },
          one: { index, code in codes[index] = code }
        )
      }
      initialized = values.count
    }
  }

  /// The per-tensor codes of `count` values from `source`, eight at a time with the arithmetic
  /// of `QuantizationScheme.quantize` (divide, NaN to the zero point, clamp, round half to
  /// even), the rest by that rule: `eight(index, codes)` receives the codes of
  /// `index..<index + 8`, `one(index, code)` each remaining code.
  @inline(__always)
  func quantizePerTensor(
    _ source: UnsafePointer<Float>,
    count: Int,
    eight: (Int, SIMD8<Int32>) -> Void,
    one: (Int, Int32) -> Void
  ) {
    let scale = scales[0]
    let zeroPoint = zeroPoints[0]
    let low = Float(scheme.qmin - zeroPoint)
    let high = Float(scheme.qmax - zeroPoint)
    let vectorEnd = count - count % 8
    let raw = UnsafeRawPointer(source)
    var index = 0
    while index < vectorEnd {
      let x = raw.loadUnaligned(fromByteOffset: index * 4, as: SIMD8<Float>.self)
      eight(index, VectorMath.clampedRoundedInt32(x / scale, low: low, high: high) &+ zeroPoint)
      index += 8
    }
    for index in vectorEnd..<count {
      one(index, scheme.quantize(source[index], scale: scale, zeroPoint: zeroPoint))
    }
  }

  /// Codes as `Int8`; the scheme must be a signed 8- or 4-bit scheme.
  public func quantizeToInt8(_ values: [Float], shape: [Int]) throws -> [Int8] {
    guard scheme.isSigned else {
      throw CompressionError.invalidParameter(
        name: "scheme",
        value: "\(scheme)",
        expected: "a signed scheme for Int8 codes"
      )
    }
    return try quantize(values, shape: shape).map { Int8(truncatingIfNeeded: $0) }
  }

  /// Codes as `UInt8`; the scheme must be unsigned.
  public func quantizeToUInt8(_ values: [Float], shape: [Int]) throws -> [UInt8] {
    guard !scheme.isSigned else {
      throw CompressionError.invalidParameter(
        name: "scheme",
        value: "\(scheme)",
        expected: "an unsigned scheme for UInt8 codes"
      )
    }
    return try quantize(values, shape: shape).map { UInt8(truncatingIfNeeded: $0) }
  }

  /// Real values `(q − zeroPoint) · scale` for codes of any integer type.
  public func dequantize<Code: BinaryInteger>(_ codes: [Code], shape: [Int]) throws -> [Float] {
    try dequantizeCodes(codes, shape: shape)
  }

  /// `dequantize` for Int32 codes (the integer layers' outputs), specialized here because a
  /// generic call from another module runs unspecialized, through protocol witnesses.
  public func dequantize(_ codes: [Int32], shape: [Int]) throws -> [Float] {
    try dequantizeCodes(codes, shape: shape)
  }

  @inline(__always)
  private func dequantizeCodes<Code: BinaryInteger>(_ codes: [Code], shape: [Int]) throws
    -> [Float]
  {
    var values = [Float](repeating: 0, count: codes.count)
    try forEachChannelRun(count: codes.count, shape: shape) { range, channel in
      let scale = scales[channel]
      let zeroPoint = zeroPoints[channel]
      for index in range {
        values[index] = scheme.dequantize(Int32(codes[index]), scale: scale, zeroPoint: zeroPoint)
      }
    }
    return values
  }

  /// Calls `body` with each contiguous run of elements that share one channel.
  private func forEachChannelRun(
    count: Int,
    shape: [Int],
    _ body: (Range<Int>, Int) -> Void
  ) throws {
    guard let axis else {
      let expected = shape.reduce(1, *)
      guard expected == count else {
        throw CompressionError.shapeMismatch(
          expected: expected,
          actual: count,
          context: "values for shape \(shape)"
        )
      }
      body(0..<count, 0)
      return
    }
    let layout = try ChannelLayout(count: count, shape: shape, axis: axis)
    guard layout.channels == scales.count else {
      throw CompressionError.shapeMismatch(
        expected: scales.count,
        actual: layout.channels,
        context: "channels along axis \(axis) of shape \(shape)"
      )
    }
    for outer in 0..<layout.outer {
      for channel in 0..<layout.channels {
        let base = (outer * layout.channels + channel) * layout.inner
        body(base..<(base + layout.inner), channel)
      }
    }
  }
}

/// A row-major tensor viewed as `[outer, channels, inner]` around one axis.
struct ChannelLayout {
  let axis: Int
  let outer: Int
  let channels: Int
  let inner: Int

  init(count: Int, shape: [Int], axis requested: Int) throws {
    let axis = requested < 0 ? shape.count + requested : requested
    guard axis >= 0, axis < shape.count else {
      throw CompressionError.invalidAxis(axis: requested, rank: shape.count)
    }
    let expected = shape.reduce(1, *)
    guard expected == count else {
      throw CompressionError.shapeMismatch(
        expected: expected,
        actual: count,
        context: "values for shape \(shape)"
      )
    }
    self.axis = axis
    self.outer = shape[..<axis].reduce(1, *)
    self.channels = shape[axis]
    self.inner = shape[(axis + 1)...].reduce(1, *)
  }
}
