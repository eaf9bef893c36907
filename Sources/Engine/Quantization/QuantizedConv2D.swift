/// A 2-D convolution computed in integers: int8 im2col followed by the int8 GEMM.
///
/// Layout is NHWC: input `[batch, height, width, inChannels]`, kernel (Keras)
/// `[kh, kw, inChannels, filters]`, output `[batch, outHeight, outWidth, filters]`.
/// The im2col matrix has one row per output pixel and `kh·kw·inChannels` columns, so the
/// kernel is already the `[k, n]` GEMM operand. Padded pixels hold the input zero point
/// (real 0). Output size: `valid` gives `⌊(in − k)/stride⌋ + 1`, `same` gives `⌈in/stride⌉`
/// with `pad = max((out − 1)·stride + k − in, 0)`, the smaller half before (TensorFlow's rule).
/// Requantization is the same as `QuantizedDense`'s, one multiplier per filter.
public struct QuantizedConv2D: Sendable {
  /// Kernel height and width.
  public let kernelSize: (height: Int, width: Int)
  /// Input channels.
  public let inChannels: Int
  /// Output channels (filters).
  public let filters: Int
  /// Vertical and horizontal stride.
  public let strides: (height: Int, width: Int)
  /// Border handling.
  public let padding: Padding
  /// Kernel codes `[kh, kw, inChannels, filters]`.
  public let weights: [Int8]
  /// Per-filter (or per-tensor) weight scales, zero points 0.
  public let weightParameters: QuantizationParameters
  /// Bias in int32 at scale `s_in·s_w[f]`.
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

  /// Quantizes a float kernel `[kh, kw, inChannels, filters]` and bias.
  public init(
    weights floatWeights: [Float],
    bias floatBias: [Float]?,
    kernelSize: (height: Int, width: Int),
    inChannels: Int,
    filters: Int,
    strides: (height: Int, width: Int) = (1, 1),
    padding: Padding = .valid,
    inputParameters: QuantizationParameters,
    outputParameters: QuantizationParameters,
    weightScheme: QuantizationScheme = .int8Symmetric,
    perChannel: Bool = true,
    fusedReLU: Bool = false,
    mode: Requantization.Mode = .float
  ) throws {
    let shape = [kernelSize.height, kernelSize.width, inChannels, filters]
    guard floatWeights.count == shape.reduce(1, *), shape.allSatisfy({ $0 > 0 }) else {
      throw CompressionError.shapeMismatch(
        expected: shape.reduce(1, *),
        actual: floatWeights.count,
        context: "Conv2D kernel \(shape)"
      )
    }
    guard strides.height > 0, strides.width > 0 else {
      throw CompressionError.invalidParameter(
        name: "strides",
        value: "\(strides)",
        expected: "positive"
      )
    }
    if let floatBias, floatBias.count != filters {
      throw CompressionError.shapeMismatch(
        expected: filters,
        actual: floatBias.count,
        context: "Conv2D bias"
      )
    }
    try validateLayerSchemes(
      weightScheme: weightScheme,
      input: inputParameters,
      output: outputParameters
    )
    let weightParameters =
      perChannel
      ? try QuantizationParameters(perChannel: floatWeights, shape: shape, scheme: weightScheme)
      : QuantizationParameters(perTensor: floatWeights, scheme: weightScheme)
    let codes = try weightParameters.quantizeToInt8(floatWeights, shape: shape)
    let rows = kernelSize.height * kernelSize.width * inChannels
    let parts = try LayerQuantization(
      weightCodes: codes,
      rows: rows,
      columns: filters,
      weightParameters: weightParameters,
      floatBias: floatBias,
      input: inputParameters,
      output: outputParameters,
      fusedReLU: fusedReLU,
      mode: mode
    )
    self.kernelSize = kernelSize
    self.inChannels = inChannels
    self.filters = filters
    self.strides = strides
    self.padding = padding
    self.weights = codes
    self.weightParameters = weightParameters
    self.inputParameters = inputParameters
    self.outputParameters = outputParameters
    self.bias = parts.bias
    self.requantization = parts.requantization
    self.packedWeights = parts.packed
    self.gemmCorrection = parts.gemmCorrection
  }

  /// Output height and width for an input of `height × width`.
  public func outputSize(height: Int, width: Int) -> (height: Int, width: Int) {
    (
      padding.outputLength(input: height, kernel: kernelSize.height, stride: strides.height).length,
      padding.outputLength(input: width, kernel: kernelSize.width, stride: strides.width).length
    )
  }

  /// Output codes `[batch, outHeight, outWidth, filters]` for input codes
  /// `[batch, height, width, inChannels]`.
  public func callAsFunction(
    _ input: [Int32],
    batch: Int,
    height: Int,
    width: Int,
    threads: Int = 0
  ) throws -> [Int32] {
    guard input.count == batch * height * width * inChannels else {
      throw CompressionError.shapeMismatch(
        expected: batch * height * width * inChannels,
        actual: input.count,
        context: "Conv2D input [\(batch), \(height), \(width), \(inChannels)]"
      )
    }
    let (outHeight, outWidth) = outputSize(height: height, width: width)
    guard outHeight > 0, outWidth > 0 else {
      throw CompressionError.invalidParameter(
        name: "input size",
        value: "\(height)×\(width)",
        expected: "at least the kernel size \(kernelSize.height)×\(kernelSize.width) for valid"
      )
    }
    let shifted = try shiftToInt8(input, parameters: inputParameters)
    let padValue = Int8(
      truncatingIfNeeded: inputParameters.zeroPoints[0]
        - (inputParameters.scheme.isSigned ? 0 : 128)
    )
    let padTop = padding.outputLength(
      input: height,
      kernel: kernelSize.height,
      stride: strides.height
    ).padBefore
    let padLeft = padding.outputLength(
      input: width,
      kernel: kernelSize.width,
      stride: strides.width
    ).padBefore
    let columns = kernelSize.height * kernelSize.width * inChannels
    let rows = batch * outHeight * outWidth
    var patches = [Int8](repeating: padValue, count: rows * columns)
    patches.withUnsafeMutableBufferPointer { target in
      shifted.withUnsafeBufferPointer { source in
        for n in 0..<batch {
          for oy in 0..<outHeight {
            for ox in 0..<outWidth {
              let row = (n * outHeight + oy) * outWidth + ox
              for ky in 0..<kernelSize.height {
                let y = oy * strides.height + ky - padTop
                guard y >= 0, y < height else { continue }
                for kx in 0..<kernelSize.width {
                  let x = ox * strides.width + kx - padLeft
                  guard x >= 0, x < width else { continue }
                  let from = ((n * height + y) * width + x) * inChannels
                  let to = row * columns + (ky * kernelSize.width + kx) * inChannels
                  for c in 0..<inChannels { target[to + c] = source[from + c] }
                }
              }
            }
          }
        }
      }
    }
    let acc = try Int8Gemm.multiplyKeepingOffset(patches, packedWeights, m: rows, threads: threads)
    return requantization.apply(acc, rows: rows, columns: filters, correction: gemmCorrection)
  }
}
