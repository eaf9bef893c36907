/// A fully connected layer computed in integers: int8 weights, int8/uint8 activations.
///
/// `y = x·W + b` with `W` of Keras shape `[inputCount, outputCount]`, quantized per output
/// channel (symmetric, zero point 0) or per tensor, and
///
///     q_b[j]   = round_half_even(b[j] / (s_in·s_w[j]))                (int32 bias)
///     acc[i,j] = Σ_p q_x[i,p]·q_w[p,j] − z_in·Σ_p q_w[p,j] + q_b[j]    (int8 GEMM, exact)
///     q_y[i,j] = saturate(round(acc[i,j] · s_in·s_w[j]/s_out) + z_out)
///
/// Uint8 activations are shifted to int8 first (`q − 128`, `z − 128`), which leaves
/// `q − z` unchanged. Size: `in·out` bytes of weights, `4·out` bytes of int32 bias and
/// `4·channels` bytes of weight scales.
public struct QuantizedDense: Sendable {
  /// Input features.
  public let inputCount: Int
  /// Output features (units).
  public let outputCount: Int
  /// Weight codes, `[inputCount, outputCount]` row-major.
  public let weights: [Int8]
  /// Weight scales (zero points 0), per output channel or per tensor.
  public let weightParameters: QuantizationParameters
  /// Bias in int32 at scale `s_in·s_w[j]`.
  public let bias: [Int32]
  /// Activation parameters of the input.
  public let inputParameters: QuantizationParameters
  /// Activation parameters of the output.
  public let outputParameters: QuantizationParameters
  /// The accumulator-to-code step.
  public let requantization: Requantization
  let packedWeights: Int8Gemm.PackedMatrix
  /// Added to column `j` of the product: `q_b[j] − z_in·Σ_p q_w[p, j]` plus the GEMM
  /// kernel's input offset (`packedWeights.offsetCorrection`).
  let gemmCorrection: [Int32]

  /// Quantizes float weights `[inputCount, outputCount]` and bias for the given activations.
  ///
  /// Activation parameters must be per-tensor, 8-bit; the weight scheme must be signed 8-bit
  /// and symmetric. `fusedReLU` clamps the output at the zero point (real 0). `kernel` picks
  /// the integer GEMM (the fastest this machine runs unless a test asks for another).
  public init(
    weights floatWeights: [Float],
    bias floatBias: [Float]?,
    inputCount: Int,
    outputCount: Int,
    inputParameters: QuantizationParameters,
    outputParameters: QuantizationParameters,
    weightScheme: QuantizationScheme = .int8Symmetric,
    perChannel: Bool = true,
    fusedReLU: Bool = false,
    mode: Requantization.Mode = .float,
    kernel: Int8Gemm.Kernel = .best
  ) throws {
    guard floatWeights.count == inputCount * outputCount else {
      throw CompressionError.shapeMismatch(
        expected: inputCount * outputCount,
        actual: floatWeights.count,
        context: "Dense kernel [\(inputCount), \(outputCount)]"
      )
    }
    if let floatBias, floatBias.count != outputCount {
      throw CompressionError.shapeMismatch(
        expected: outputCount,
        actual: floatBias.count,
        context: "Dense bias"
      )
    }
    try validateLayerSchemes(
      weightScheme: weightScheme,
      input: inputParameters,
      output: outputParameters
    )
    let shape = [inputCount, outputCount]
    let weightParameters =
      perChannel
      ? try QuantizationParameters(perChannel: floatWeights, shape: shape, scheme: weightScheme)
      : QuantizationParameters(perTensor: floatWeights, scheme: weightScheme)
    let codes = try weightParameters.quantizeToInt8(floatWeights, shape: shape)
    let parts = try LayerQuantization(
      weightCodes: codes,
      rows: inputCount,
      columns: outputCount,
      weightParameters: weightParameters,
      floatBias: floatBias,
      input: inputParameters,
      output: outputParameters,
      fusedReLU: fusedReLU,
      mode: mode,
      kernel: kernel
    )
    self.inputCount = inputCount
    self.outputCount = outputCount
    self.weights = codes
    self.weightParameters = weightParameters
    self.inputParameters = inputParameters
    self.outputParameters = outputParameters
    self.bias = parts.bias
    self.requantization = parts.requantization
    self.packedWeights = parts.packed
    self.gemmCorrection = parts.gemmCorrection
  }

  /// Output codes for input codes `[batch, inputCount]`, both in their schemes' ranges.
  ///
  /// Codes are passed as Int32 so that int8 and uint8 activations share one entry point.
  public func callAsFunction(_ input: [Int32], batch: Int, threads: Int = 0) throws -> [Int32] {
    output(try packedInput(input, batch: batch), batch: batch, threads: threads)
  }

  /// Input codes `[batch, inputCount]` checked against the input scheme's range and packed as
  /// the left operand of this layer's integer product.
  public func packedInput(_ input: [Int32], batch: Int) throws -> PackedActivations {
    try checkInput(count: input.count, batch: batch)
    let shift = try int8Shift(checking: input, parameters: inputParameters)
    let words = input.withUnsafeBufferPointer { source in
      Int8Gemm.packRows(
        source,
        m: batch,
        k: inputCount,
        paddedK: packedWeights.paddedRows,
        kernel: packedWeights.kernel
      ) { Int8(truncatingIfNeeded: $0 &- shift) }
    }
    return PackedActivations(
      words: words,
      rows: batch,
      features: inputCount,
      kernel: packedWeights.kernel
    )
  }

  /// Float input `[batch, inputCount]` quantized with the input parameters straight into the
  /// packed operand: the codes of `inputParameters.quantize`, without an Int32 copy.
  public func packedInput(quantizing input: [Float], batch: Int) throws -> PackedActivations {
    try checkInput(count: input.count, batch: batch)
    let shift: Int32 = inputParameters.scheme.isSigned ? 0 : 128
    let k = inputCount
    let words = input.withUnsafeBufferPointer { source in
      Int8Gemm.packRows(
        m: batch,
        k: k,
        paddedK: packedWeights.paddedRows,
        kernel: packedWeights.kernel
      ) { row, values in
        // Row by row, the arithmetic of `quantize` for per-tensor parameters.
        inputParameters.quantizePerTensor(
          source.baseAddress! + row * k,
          count: k,
          eight: { p, codes in
            UnsafeMutableRawPointer(values).storeBytes(
              of: SIMD8<Int8>(truncatingIfNeeded: codes &- shift),
              toByteOffset: p,
              as: SIMD8<Int8>.self
            )
          },
          one: { p, code in values[p] = Int8(truncatingIfNeeded: code &- shift) }
        )
      }
    }
    return PackedActivations(words: words, rows: batch, features: k, kernel: packedWeights.kernel)
  }

  /// Throws unless `count` values are a `[batch, inputCount]` input.
  private func checkInput(count: Int, batch: Int) throws {
    guard count == batch * inputCount else {
      throw CompressionError.shapeMismatch(
        expected: batch * inputCount,
        actual: count,
        context: "Dense input [\(batch), \(inputCount)]"
      )
    }
  }

  /// Output codes `[rows, outputCount]` for a packed input.
  public func output(_ input: PackedActivations, batch: Int, threads: Int = 0) -> [Int32] {
    precondition(input.matches(rows: batch, features: inputCount, kernel: packedWeights.kernel))
    let acc = Int8Gemm.product(input.words, packedWeights, m: batch, threads: threads)
    return requantization.apply(acc, rows: batch, columns: outputCount, correction: gemmCorrection)
  }

  /// Whether this layer's output codes can go straight into `next` as its packed input: `next`
  /// reads this layer's outputs with the same activation parameters, and the multiplier is
  /// applied in float (the mode the fused requantization implements).
  public func feedsPacked(_ next: QuantizedDense) -> Bool {
    next.inputCount == outputCount && next.inputParameters == outputParameters
      && requantization.mode == .float
  }

  /// The layer's output as `next`'s packed input, requantized tile by tile.
  ///
  /// The same codes as `output(_:batch:threads:)`, without an Int32 product or a packing
  /// pass. `feedsPacked(next)` must hold.
  public func output(
    _ input: PackedActivations,
    batch: Int,
    packedFor next: QuantizedDense,
    threads: Int = 0
  ) -> PackedActivations {
    precondition(input.matches(rows: batch, features: inputCount, kernel: packedWeights.kernel))
    precondition(feedsPacked(next))
    let words = Int8Gemm.productPackedForNextLayer(
      input.words,
      packedWeights,
      m: batch,
      threads: threads,
      requantize: .init(
        requantization: requantization,
        correction: gemmCorrection,
        kernel: next.packedWeights.kernel,
        shift: next.inputParameters.scheme.isSigned ? 0 : 128
      )
    )
    return PackedActivations(
      words: words,
      rows: batch,
      features: outputCount,
      kernel: next.packedWeights.kernel
    )
  }

  /// Quantizes float input, runs the integer layer and dequantizes the output.
  public func forward(_ input: [Float], batch: Int, threads: Int = 0) throws -> [Float] {
    let codes = try inputParameters.quantize(input, shape: [batch, inputCount])
    let output = try callAsFunction(codes, batch: batch, threads: threads)
    return try outputParameters.dequantize(output, shape: [batch, outputCount])
  }

  /// Bytes of the stored layer: int8 weights, int32 bias and float32 weight scales.
  public var byteCount: Int { weights.count + 4 * bias.count + 4 * weightParameters.scales.count }
}

/// The pieces shared by the quantized dense and convolution layers.
struct LayerQuantization {
  let bias: [Int32]
  let requantization: Requantization
  let packed: Int8Gemm.PackedMatrix
  /// `q_b[j] − z_in·Σ_p q_w[p, j]` plus the GEMM kernel's input offset, added to every
  /// accumulator of column `j` of a product that keeps the offset.
  let gemmCorrection: [Int32]

  init(
    weightCodes: [Int8],
    rows: Int,
    columns: Int,
    weightParameters: QuantizationParameters,
    floatBias: [Float]?,
    input: QuantizationParameters,
    output: QuantizationParameters,
    fusedReLU: Bool,
    mode: Requantization.Mode,
    kernel: Int8Gemm.Kernel = .best
  ) throws {
    let inputScale = input.scales[0]
    let channelScales =
      weightParameters.scales.count == 1
      ? [Float](repeating: weightParameters.scales[0], count: columns) : weightParameters.scales
    var bias = [Int32](repeating: 0, count: columns)
    if let floatBias {
      for column in 0..<columns {
        let real =
          (Double(floatBias[column]) / (Double(inputScale) * Double(channelScales[column])))
          .rounded(.toNearestOrEven)
        bias[column] = Int32(Swift.min(Swift.max(real, -2_147_483_648), 2_147_483_647))
      }
    }
    let packed = try Int8Gemm.PackedMatrix(
      weightCodes,
      rows: rows,
      columns: columns,
      kernel: kernel
    )
    let sums = packed.columnSums
    let offsets = packed.offsetCorrection
    let inputZero = input.zeroPoints[0] - (input.scheme.isSigned ? 0 : 128)
    self.gemmCorrection = (0..<columns).map {
      bias[$0] &- inputZero &* sums[$0] &+ offsets[$0]
    }
    self.bias = bias
    self.packed = packed
    let zeroPoint = output.zeroPoints[0]
    self.requantization = Requantization(
      inputScale: inputScale,
      weightScales: weightParameters.scales,
      outputScale: output.scales[0],
      outputZeroPoint: zeroPoint,
      outputMinimum: fusedReLU ? Swift.max(zeroPoint, output.scheme.qmin) : output.scheme.qmin,
      outputMaximum: output.scheme.qmax,
      mode: mode
    )
  }
}

/// Checks that a layer's schemes are ones the integer kernels support.
func validateLayerSchemes(
  weightScheme: QuantizationScheme,
  input: QuantizationParameters,
  output: QuantizationParameters
) throws {
  guard weightScheme.bitWidth == 8, weightScheme.isSymmetric else {
    throw CompressionError.invalidParameter(
      name: "weight scheme",
      value: "\(weightScheme)",
      expected: "signed, symmetric and 8-bit"
    )
  }
  for (name, parameters) in [("input", input), ("output", output)] {
    guard parameters.axis == nil, parameters.scheme.bitWidth == 8 else {
      throw CompressionError.invalidParameter(
        name: "\(name) parameters",
        value: "\(parameters.scheme)",
        expected: "per-tensor and 8-bit"
      )
    }
  }
}

/// The shift that turns codes of an 8-bit scheme into Int8 (128 for uint8, else 0), after
/// checking that every code lies in the scheme's range.
func int8Shift(checking codes: [Int32], parameters: QuantizationParameters) throws -> Int32 {
  let low = parameters.scheme.qmin
  let high = parameters.scheme.qmax
  // A plain loop the compiler vectorizes.
  var smallest = Int32.max
  var largest = Int32.min
  codes.withUnsafeBufferPointer { buffer in
    for code in buffer {
      smallest = Swift.min(smallest, code)
      largest = Swift.max(largest, code)
    }
  }
  if !codes.isEmpty && (smallest < low || largest > high) {
    throw CompressionError.invalidParameter(
      name: "input code",
      value: "\(smallest < low ? smallest : largest)",
      expected: "inside [\(low), \(high)]"
    )
  }
  return parameters.scheme.isSigned ? 0 : 128
}

/// Codes of an 8-bit scheme as Int8, shifting uint8 codes by −128.
func shiftToInt8(_ codes: [Int32], parameters: QuantizationParameters) throws -> [Int8] {
  let shift = try int8Shift(checking: codes, parameters: parameters)
  return [Int8](unsafeUninitializedCapacity: codes.count) { result, initialized in
    codes.withUnsafeBufferPointer { buffer in
      for index in buffer.indices {
        result[index] = Int8(truncatingIfNeeded: buffer[index] &- shift)
      }
    }
    initialized = codes.count
  }
}
