/// A weight matrix quantized group-wise for weight-only inference: symmetric int8 or int4
/// codes, one scale per group of `groupSize` consecutive inputs of an output row.
///
/// Each `[outputs, inputs]` row is cut into groups of `groupSize` inputs; a group's scale is
/// max|w| / qmax (qmax = 127 for int8, 7 for int4: the narrow symmetric grids of
/// `QuantizationScheme.int8Symmetric` and `.int4Symmetric`), rounded to fp16 because the file
/// stores it as `F16`, and each weight becomes round_half_even(w / scale) clamped to the grid.
/// The codes and scales come from `QuantizationParameters` with the matrix seen as
/// `[groups, groupSize]` and one "channel" per group; int4 codes are packed two per byte by
/// `Int4Packing` (ONNX order: even element in the low nibble).
///
/// Bytes stored: outputs·inputs·bits/8 + 2·outputs·inputs/groupSize.
///
/// `multiply` is the weight-only kernel used for generation: y_j = Σ_g s_jg · Σ_{i∈g} q_ji·x_i,
/// the codes widened to float in SIMD registers (dequantized on the fly); activations stay
/// fp32, so it computes the same products as the dequantized float matrix.
public struct GroupQuantizedMatrix: Sendable {
  /// Output rows.
  public let outputs: Int
  /// Inputs per row.
  public let inputs: Int
  /// 8 or 4.
  public let bits: Int
  /// Inputs sharing one scale.
  public let groupSize: Int
  /// Codes, one byte each (int8), or two per byte (int4, low nibble first), row-major.
  public let storage: [UInt8]
  /// One scale per group, `[outputs, inputs / groupSize]`, fp16 values held as Float.
  public let scales: [Float]

  /// The grid of `bits`.
  public static func scheme(bits: Int) -> QuantizationScheme {
    bits == 4 ? .int4Symmetric : .int8Symmetric
  }

  /// Quantizes the `[outputs, inputs]` matrix `values` to `bits` (8 or 4) in groups of
  /// `groupSize` inputs, which must be a multiple of 16 dividing `inputs`.
  public init(
    _ values: [Float],
    outputs: Int,
    inputs: Int,
    bits: Int,
    groupSize: Int
  ) throws(EngineError) {
    guard bits == 8 || bits == 4 else {
      throw .invalidArgument("weight-only quantization is int8 or int4, got \(bits) bits")
    }
    guard groupSize >= 16, groupSize % 16 == 0, inputs % groupSize == 0,
      values.count == outputs * inputs
    else {
      throw .invalidArgument(
        "a group of \(groupSize) inputs does not divide rows of \(inputs) weights; the group size must be a multiple of 16 that divides every layer's input width"
      )
    }
    self.outputs = outputs
    self.inputs = inputs
    self.bits = bits
    self.groupSize = groupSize
    let scheme = Self.scheme(bits: bits)
    let groups = values.count / groupSize
    let shape = [groups, groupSize]
    do {
      let observed = try QuantizationParameters(
        perChannel: values,
        shape: shape,
        axis: 0,
        scheme: scheme
      )
      // The file stores scales as F16: quantize with the scale the file will hold.
      let rounded = observed.scales.map { scale -> Float in
        let half = Float(Float16(scale))
        return half > 0 && half.isFinite ? half : Float(Float16.leastNonzeroMagnitude)
      }
      let parameters = try QuantizationParameters(
        scheme: scheme,
        scales: rounded,
        zeroPoints: [Int32](repeating: 0, count: groups),
        axis: 0
      )
      let codes = try parameters.quantizeToInt8(values, shape: shape)
      storage = bits == 8 ? codes.map { UInt8(bitPattern: $0) } : try Int4Packing.pack(codes)
      scales = rounded
    } catch let error as EngineError {
      throw error
    } catch {
      throw .invalidArgument("cannot quantize the matrix: \(error)")
    }
  }

  /// Groups per output row.
  public var groupsPerRow: Int { inputs / groupSize }

  /// Bytes of codes plus fp16 scales.
  public var byteCount: Int { storage.count + 2 * scales.count }

  /// The signed codes, one per weight, row-major.
  public var codes: [Int8] {
    if bits == 8 { return storage.map { Int8(bitPattern: $0) } }
    return (try? Int4Packing.unpack(storage, count: outputs * inputs)) ?? []
  }

  /// The float matrix the codes stand for: code × its group's scale.
  public func dequantized() -> [Float] {
    let codes = codes
    var values = [Float](repeating: 0, count: codes.count)
    for index in codes.indices {
      values[index] = Float(codes[index]) * scales[index / groupSize]
    }
    return values
  }

  /// `y[outputs] = W·x + bias` with the codes widened to float on the fly.
  ///
  /// int4 codes sit in nibble pairs (x₀ in the low nibble, x₁ in the high one), so `x` is
  /// first split into its even and odd elements in `scratch` (at least `inputs` floats).
  func multiply(
    _ x: UnsafePointer<Float>,
    bias: UnsafePointer<Float>?,
    into y: UnsafeMutablePointer<Float>,
    scratch: UnsafeMutablePointer<Float>
  ) {
    let groups = groupsPerRow
    storage.withUnsafeBufferPointer { codeBuffer in
      scales.withUnsafeBufferPointer { scaleBuffer in
        let codes = UnsafeRawPointer(codeBuffer.baseAddress!)
        let scales = scaleBuffer.baseAddress!
        if bits == 8 {
          for j in 0..<outputs {
            let row = codes + j * inputs
            let rowScales = scales + j * groups
            var total = SIMD8<Float>()
            for g in 0..<groups {
              var sum = SIMD8<Float>()
              var i = g * groupSize
              let end = i + groupSize
              while i < end {
                let q = (row + i).loadUnaligned(as: SIMD8<Int8>.self)
                let v = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self)
                sum.addProduct(SIMD8<Float>(SIMD8<Int32>(truncatingIfNeeded: q)), v)
                i += 8
              }
              total.addProduct(sum, SIMD8(repeating: rowScales[g]))
            }
            y[j] = total.sum() + (bias?[j] ?? 0)
          }
          return
        }
        let half = inputs / 2
        let even = scratch
        let odd = scratch + half
        for i in 0..<half {
          even[i] = x[2 * i]
          odd[i] = x[2 * i + 1]
        }
        let bytesPerGroup = groupSize / 2
        for j in 0..<outputs {
          let row = codes + j * half
          let rowScales = scales + j * groups
          var total = SIMD8<Float>()
          for g in 0..<groups {
            var sum = SIMD8<Float>()
            var k = g * bytesPerGroup
            let end = k + bytesPerGroup
            while k < end {
              let packed = SIMD8<Int8>(
                truncatingIfNeeded: (row + k).loadUnaligned(as: SIMD8<UInt8>.self)
              )
              let low = (packed &<< 4) &>> 4
              let high = packed &>> 4
              let e = UnsafeRawPointer(even + k).loadUnaligned(as: SIMD8<Float>.self)
              let o = UnsafeRawPointer(odd + k).loadUnaligned(as: SIMD8<Float>.self)
              sum.addProduct(SIMD8<Float>(SIMD8<Int32>(truncatingIfNeeded: low)), e)
              sum.addProduct(SIMD8<Float>(SIMD8<Int32>(truncatingIfNeeded: high)), o)
              k += 8
            }
            total.addProduct(sum, SIMD8(repeating: rowScales[g]))
          }
          y[j] = total.sum() + (bias?[j] ?? 0)
        }
      }
    }
  }
}
