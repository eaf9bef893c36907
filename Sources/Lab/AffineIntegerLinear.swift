import Engine

/// A dense or conv2d layer in integers with asymmetric (uint8, zero point) weights.
///
/// The int8 kernels of `QuantizedDense` and `QuantizedConv2D` take symmetric weights (TFLite's
/// int8 spec). ONNX Runtime's U8U8 form also allows a weight zero point; this layer computes it
/// with the same int8 GEMM by shifting uint8 codes by −128 and folding both zero points:
///
///     Σ_p (x − z_x)(w − z_w[j]) = Σ_p x·w − z_w[j]·Σ_p x − z_x·Σ_p w[p, j] + K·z_x·z_w[j]
///
/// then adds the int32 bias `round_half_even(b[j] / (s_in·s_w[j]))` and requantizes with
/// `s_in·s_w[j] / s_out`, as the symmetric layers do.
struct AffineIntegerLinear: Sendable {
  /// Where the GEMM's left operand comes from.
  enum Geometry: Sendable {
    /// A dense layer over `inputs` features.
    case dense(inputs: Int)
    /// A convolution; the operand is the im2col matrix of the input.
    case conv(Convolution.Geometry)
  }

  let geometry: Geometry
  let outputs: Int
  let depth: Int
  let codes: [UInt8]
  let weightParameters: QuantizationParameters
  let inputParameters: QuantizationParameters
  let outputParameters: QuantizationParameters
  let bias: [Int32]
  let requantization: Requantization
  let packed: Int8Gemm.PackedMatrix
  let shiftedWeightZeroPoints: [Int32]
  let correction: [Int32]

  init(
    weights: [Float],
    shape: [Int],
    bias floatBias: [Float]?,
    geometry: Geometry,
    perChannel: Bool,
    input: QuantizationParameters,
    output: QuantizationParameters,
    fusedReLU: Bool
  ) throws {
    let outputs = shape[shape.count - 1]
    let depth = weights.count / outputs
    let scheme = QuantizationScheme.uint8Asymmetric
    let parameters =
      perChannel
      ? try QuantizationParameters(perChannel: weights, shape: shape, scheme: scheme)
      : QuantizationParameters(perTensor: weights, scheme: scheme)
    let codes = try parameters.quantizeToUInt8(weights, shape: shape)
    let shifted = codes.map { Int8(truncatingIfNeeded: Int32($0) - 128) }
    let packed = try Int8Gemm.PackedMatrix(shifted, rows: depth, columns: outputs)
    let scales =
      parameters.scales.count == 1
      ? [Float](repeating: parameters.scales[0], count: outputs) : parameters.scales
    let zeroPoints =
      (parameters.zeroPoints.count == 1
      ? [Int32](repeating: parameters.zeroPoints[0], count: outputs) : parameters.zeroPoints)
      .map { $0 - 128 }
    let inputScale = input.scales[0]
    var bias = [Int32](repeating: 0, count: outputs)
    if let floatBias {
      for j in 0..<outputs {
        let real = (Double(floatBias[j]) / (Double(inputScale) * Double(scales[j])))
          .rounded(.toNearestOrEven)
        bias[j] = Int32(Swift.min(Swift.max(real, -2_147_483_648), 2_147_483_647))
      }
    }
    let inputZero = input.zeroPoints[0] - (input.scheme.isSigned ? 0 : 128)
    let sums = packed.columnSums
    self.correction = (0..<outputs).map { j in
      bias[j] &- inputZero &* sums[j] &+ Int32(depth) &* inputZero &* zeroPoints[j]
    }
    self.geometry = geometry
    self.outputs = outputs
    self.depth = depth
    self.codes = codes
    self.weightParameters = parameters
    self.inputParameters = input
    self.outputParameters = output
    self.bias = bias
    self.packed = packed
    self.shiftedWeightZeroPoints = zeroPoints
    let zeroPoint = output.zeroPoints[0]
    self.requantization = Requantization(
      inputScale: inputScale,
      weightScales: parameters.scales,
      outputScale: output.scales[0],
      outputZeroPoint: zeroPoint,
      outputMinimum: fusedReLU ? Swift.max(zeroPoint, output.scheme.qmin) : output.scheme.qmin,
      outputMaximum: output.scheme.qmax
    )
  }

  /// Output codes for input codes (rows of `depth` values for dense, NHWC images for conv).
  func callAsFunction(_ input: [Int32], batch: Int) throws -> [Int32] {
    let shift: Int32 = inputParameters.scheme.isSigned ? 0 : 128
    let inputZero = inputParameters.zeroPoints[0] - shift
    let x = input.map { Int8(truncatingIfNeeded: Swift.min(Swift.max($0 - shift, -128), 127)) }
    let operand: [Int8]
    let rows: Int
    switch geometry {
    case .dense:
      operand = x
      rows = x.count / depth
    case .conv(var g):
      g.batch = batch
      rows = g.batch * g.outputHeight * g.outputWidth
      operand = Self.im2col(x, geometry: g, pad: Int8(truncatingIfNeeded: inputZero))
    }
    var acc = try Int8Gemm.multiply(operand, packed, m: rows)
    // The weight zero points, per row: Σ x·(w − z_w) = Σ x·w − z_w·Σ x.
    for row in 0..<rows {
      var rowSum: Int32 = 0
      for p in 0..<depth { rowSum &+= Int32(operand[row * depth + p]) }
      for j in 0..<outputs { acc[row * outputs + j] &-= shiftedWeightZeroPoints[j] &* rowSum }
    }
    return requantization.apply(acc, rows: rows, columns: outputs, correction: correction)
  }

  /// The im2col matrix of int8 codes, padded pixels holding the input zero point.
  static func im2col(_ x: [Int8], geometry g: Convolution.Geometry, pad: Int8) -> [Int8] {
    let columns = g.kernelHeight * g.kernelWidth * g.channels
    let rows = g.batch * g.outputHeight * g.outputWidth
    var patches = [Int8](repeating: pad, count: rows * columns)
    for n in 0..<g.batch {
      for oy in 0..<g.outputHeight {
        for ox in 0..<g.outputWidth {
          let row = (n * g.outputHeight + oy) * g.outputWidth + ox
          for ky in 0..<g.kernelHeight {
            let y = oy * g.strideY + ky - g.padTop
            guard y >= 0, y < g.height else { continue }
            for kx in 0..<g.kernelWidth {
              let xx = ox * g.strideX + kx - g.padLeft
              guard xx >= 0, xx < g.width else { continue }
              let from = ((n * g.height + y) * g.width + xx) * g.channels
              let to = row * columns + (ky * g.kernelWidth + kx) * g.channels
              for c in 0..<g.channels { patches[to + c] = x[from + c] }
            }
          }
        }
      }
    }
    return patches
  }
}
