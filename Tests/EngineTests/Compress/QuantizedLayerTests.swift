import Engine
import Foundation
import Testing

@Suite("Quantized layers and formats")
struct QuantizedLayerTests {
  /// Values at a quantizer's edges: ties at ±0.5 steps of a 0.5 scale, values far outside any
  /// 8-bit range, infinities, NaN and both zeros.
  static let edgeValues: [Float] = [
    0.25, 0.75, -0.25, -0.75, 1.25, 1e9, -1e9, .infinity, -.infinity, .nan, 0, -0.0,
  ]

  @Test(
    "eight-at-a-time requantization gives the element-wise codes",
    arguments: [(1, 1), (3, 19), (4, 64), (2, 37)]
  )
  func blockRequantizationMatchesElementWise(shape: (Int, Int)) {
    let (rows, columns) = shape
    var state: UInt64 = UInt64(rows * 100 + columns)
    let acc = (0..<(rows * columns)).map { _ in Int32(randomFloat(&state) * 40_000) }
    let correction = (0..<columns).map { _ in Int32(randomFloat(&state) * 3_000) }
    let scales = (0..<columns).map { _ in 0.001 + abs(randomFloat(&state)) * 0.01 }
    for (weightScales, zeroPoint, low) in [(scales, Int32(-3), Int32(-128)), ([0.004], 5, 5)] {
      for mode in [Requantization.Mode.float, .fixedPoint] {
        let requantize = Requantization(
          inputScale: 0.02,
          weightScales: weightScales,
          outputScale: 0.05,
          outputZeroPoint: zeroPoint,
          outputMinimum: low,
          outputMaximum: 127,
          mode: mode
        )
        let block = requantize.apply(acc, rows: rows, columns: columns, correction: correction)
        let perChannel = weightScales.count > 1
        let single = (0..<acc.count).map { index in
          let column = index % columns
          return requantize.apply(
            acc[index] &+ correction[column],
            channel: perChannel ? column : 0
          )
        }
        #expect(block == single, "\(mode), \(weightScales.count) scale(s)")
      }
    }
  }

  @Test("per-tensor quantization eight at a time equals the scheme's scalar rule")
  func vectorQuantizeMatchesScalar() throws {
    var state: UInt64 = 11
    // Ties at ±0.5 steps, values far outside the range, infinities and NaN.
    var values = (0..<203).map { _ in randomFloat(&state) * 3 }
    values += Self.edgeValues
    for scheme in [QuantizationScheme.int8Symmetric, .uint8Asymmetric, .int8Asymmetric] {
      let parameters = try QuantizationParameters(
        scheme: scheme,
        scales: [0.5],
        zeroPoints: [scheme.isSigned ? 0 : 128],
        axis: nil
      )
      let codes = try parameters.quantize(values, shape: [values.count])
      let expected = values.map {
        scheme.quantize($0, scale: 0.5, zeroPoint: scheme.isSigned ? 0 : 128)
      }
      #expect(codes == expected, "\(scheme)")
    }
  }

  @Test(
    "QuantizedDense's codes are the exact integer sums, requantized",
    arguments: [(true, 7, 50, 19), (false, 13, 33, 40), (true, 64, 784, 37)]
  )
  func denseCodesAreExact(shape: (Bool, Int, Int, Int)) throws {
    let (uint8Input, batch, inputs, outputs) = shape
    var state: UInt64 = UInt64(batch * 1_000 + inputs)
    let weights = (0..<(inputs * outputs)).map { _ in randomFloat(&state) * 0.3 }
    let bias = (0..<outputs).map { _ in randomFloat(&state) * 0.1 }
    let x = (0..<(batch * inputs)).map { _ in randomFloat(&state) * 2 + 0.4 }
    let inputParameters = QuantizationParameters(
      perTensor: x,
      scheme: uint8Input ? .uint8Asymmetric : .int8Asymmetric
    )
    let outputParameters = QuantizationParameters(
      perTensor: [-4, 4],
      scheme: .int8Asymmetric
    )
    let layer = try QuantizedDense(
      weights: weights,
      bias: bias,
      inputCount: inputs,
      outputCount: outputs,
      inputParameters: inputParameters,
      outputParameters: outputParameters,
      fusedReLU: !uint8Input
    )
    let codes = try inputParameters.quantize(x, shape: [batch, inputs])
    let zeroPoint = inputParameters.zeroPoints[0]
    let perChannel = layer.weightParameters.scales.count > 1
    var expected: [Int32] = []
    for row in 0..<batch {
      for column in 0..<outputs {
        var acc = layer.bias[column]
        for p in 0..<inputs {
          acc &+=
            (codes[row * inputs + p] - zeroPoint) &* Int32(layer.weights[p * outputs + column])
        }
        expected.append(layer.requantization.apply(acc, channel: perChannel ? column : 0))
      }
    }
    let got = try layer(codes, batch: batch)
    let same = got == expected
    #expect(same, "uint8 input \(uint8Input), [\(batch), \(inputs)] x [\(inputs), \(outputs)]")
  }

  @Test(
    "a dense layer's output packed for the next layer gives the codes of the Int32 path",
    arguments: [
      (true, true, 7, 50, 19, 5), (false, false, 13, 33, 40, 17), (true, false, 64, 784, 37, 10),
      (false, true, 64, 128, 96, 33), (true, true, 1, 9, 16, 3),
    ]
  )
  func packedOutputMatchesCodes(shape: (Bool, Bool, Int, Int, Int, Int)) throws {
    let (uint8Input, uint8Hidden, batch, inputs, hidden, outputs) = shape
    var state: UInt64 = UInt64(batch * 7_919 + inputs * 31 + hidden)
    let x = (0..<(batch * inputs)).map { _ in randomFloat(&state) * 2 + 0.4 }
    let inputParameters = QuantizationParameters(
      perTensor: x,
      scheme: uint8Input ? .uint8Asymmetric : .int8Asymmetric
    )
    let hiddenParameters = QuantizationParameters(
      perTensor: [-3, 5],
      scheme: uint8Hidden ? .uint8Asymmetric : .int8Asymmetric
    )
    let outputParameters = QuantizationParameters(perTensor: [-4, 4], scheme: .int8Asymmetric)
    let kernels = Int8GemmTests.kernels
    for kernel in kernels {
      // Per-channel scales in the first layer, one scale in the second.
      let first = try QuantizedDense(
        weights: (0..<(inputs * hidden)).map { _ in randomFloat(&state) * 0.3 },
        bias: (0..<hidden).map { _ in randomFloat(&state) * 0.1 },
        inputCount: inputs,
        outputCount: hidden,
        inputParameters: inputParameters,
        outputParameters: hiddenParameters,
        fusedReLU: true,
        kernel: kernel
      )
      let second = try QuantizedDense(
        weights: (0..<(hidden * outputs)).map { _ in randomFloat(&state) * 0.3 },
        bias: nil,
        inputCount: hidden,
        outputCount: outputs,
        inputParameters: hiddenParameters,
        outputParameters: outputParameters,
        perChannel: false,
        kernel: kernel
      )
      #expect(first.feedsPacked(second))
      let codes = try inputParameters.quantize(x, shape: [batch, inputs])
      let hiddenCodes = try first(codes, batch: batch)
      let expected = try second(hiddenCodes, batch: batch)
      let input = try first.packedInput(codes, batch: batch)
      #expect(input.codes(shift: uint8Input ? 128 : 0) == codes, "input round trip, \(kernel)")
      let quantized = try first.packedInput(quantizing: x, batch: batch)
      #expect(quantized.codes(shift: uint8Input ? 128 : 0) == codes, "quantized, \(kernel)")
      for threads in [1, 2, 3] {
        let packed = first.output(input, batch: batch, packedFor: second, threads: threads)
        let unpacked = packed.codes(shift: uint8Hidden ? 128 : 0)
        #expect(unpacked == hiddenCodes, "hidden codes, \(kernel), \(threads) thread(s)")
        let got = second.output(packed, batch: batch, threads: threads)
        #expect(got == expected, "output codes, \(kernel), \(threads) thread(s)")
      }
    }
  }

  @Test("float input quantized straight into the packed operand gets the scheme's codes")
  func quantizedPackingMatchesCodes() throws {
    var state: UInt64 = 23
    // 3 rows of 71 values (not a multiple of 8), with the edge values.
    var values = (0..<200).map { _ in randomFloat(&state) * 3 }
    values += Self.edgeValues
    values += [Float](repeating: 0.125, count: 1)
    for scheme in [QuantizationScheme.uint8Asymmetric, .int8Asymmetric] {
      let parameters = try QuantizationParameters(
        scheme: scheme,
        scales: [0.05],
        zeroPoints: [scheme.isSigned ? -3 : 131],
        axis: nil
      )
      for kernel in Int8GemmTests.kernels {
        let layer = try QuantizedDense(
          weights: [Float](repeating: 0.1, count: 71 * 4),
          bias: nil,
          inputCount: 71,
          outputCount: 4,
          inputParameters: parameters,
          outputParameters: QuantizationParameters(perTensor: [-1, 1], scheme: .int8Asymmetric),
          kernel: kernel
        )
        let packed = try layer.packedInput(quantizing: values, batch: 3)
        let expected = try parameters.quantize(values, shape: [values.count])
        #expect(packed.codes(shift: scheme.isSigned ? 0 : 128) == expected, "\(scheme), \(kernel)")
      }
    }
  }

  @Test(
    "QuantizedDense stays within one output quantum of the float layer",
    arguments: [true, false]
  )
  func dense(uint8Input: Bool) throws {
    var state: UInt64 = 7
    let (batch, inputs, outputs) = (6, 50, 19)
    let weights = (0..<(inputs * outputs)).map { _ in randomFloat(&state) * 0.3 }
    let bias = (0..<outputs).map { _ in randomFloat(&state) * 0.1 }
    let x = (0..<(batch * inputs)).map { _ in randomFloat(&state) * 2 + 0.4 }
    let reference = denseFloat(x, weights, bias, batch: batch, inputs: inputs, outputs: outputs)
    let inputParameters = QuantizationParameters(
      perTensor: x,
      scheme: uint8Input ? .uint8Asymmetric : .int8Asymmetric
    )
    let outputParameters = QuantizationParameters(perTensor: reference, scheme: .int8Asymmetric)
    for mode in [Requantization.Mode.float, .fixedPoint] {
      let layer = try QuantizedDense(
        weights: weights,
        bias: bias,
        inputCount: inputs,
        outputCount: outputs,
        inputParameters: inputParameters,
        outputParameters: outputParameters,
        mode: mode
      )
      // Feed the float layer the input the integer layer sees, to isolate layer error.
      let xq = try inputParameters.dequantize(
        inputParameters.quantize(x, shape: [batch, inputs]),
        shape: [batch, inputs]
      )
      let wq = try layer.weightParameters.dequantize(layer.weights, shape: [inputs, outputs])
      let exact = denseFloat(xq, wq, bias, batch: batch, inputs: inputs, outputs: outputs)
      let y = try layer.forward(x, batch: batch)
      let quantum = outputParameters.scales[0]
      for (got, want) in zip(y, exact) { #expect(abs(got - want) <= quantum * 1.0001) }
      for (got, want) in zip(y, reference) { #expect(abs(got - want) <= quantum * 3) }
    }
  }

  @Test("QuantizedConv2D equals a float convolution of the quantized values within one quantum")
  func conv() throws {
    var state: UInt64 = 11
    for (padding, stride) in [(Padding.same, 2), (.valid, 1), (.same, 1)] {
      let (batch, height, width, cin, filters, k) = (2, 7, 6, 3, 5, 3)
      let kernel = (0..<(k * k * cin * filters)).map { _ in randomFloat(&state) * 0.4 }
      let bias = (0..<filters).map { _ in randomFloat(&state) * 0.1 }
      let x = (0..<(batch * height * width * cin)).map { _ in randomFloat(&state) }
      let input = QuantizationParameters(perTensor: x, scheme: .int8Asymmetric)
      let output = QuantizationParameters(scheme: .int8Asymmetric, minimum: -2, maximum: 2)
      let layer = try QuantizedConv2D(
        weights: kernel,
        bias: bias,
        kernelSize: (k, k),
        inChannels: cin,
        filters: filters,
        strides: (stride, stride),
        padding: padding,
        inputParameters: input,
        outputParameters: output
      )
      let codes = try input.quantize(x, shape: [x.count])
      let y = try layer(codes, batch: batch, height: height, width: width)
      let xq = try input.dequantize(codes, shape: [x.count])
      let wq = try layer.weightParameters.dequantize(layer.weights, shape: [k, k, cin, filters])
      let (oh, ow) = layer.outputSize(height: height, width: width)
      #expect(y.count == batch * oh * ow * filters)
      let padTop = padding == .same ? max((oh - 1) * stride + k - height, 0) / 2 : 0
      let padLeft = padding == .same ? max((ow - 1) * stride + k - width, 0) / 2 : 0
      for n in 0..<batch {
        for oy in 0..<oh {
          for ox in 0..<ow {
            for f in 0..<filters {
              var sum = bias[f]
              for ky in 0..<k {
                for kx in 0..<k {
                  let iy = oy * stride + ky - padTop
                  let ix = ox * stride + kx - padLeft
                  guard iy >= 0, iy < height, ix >= 0, ix < width else { continue }
                  for c in 0..<cin {
                    sum +=
                      xq[((n * height + iy) * width + ix) * cin + c]
                      * wq[((ky * k + kx) * cin + c) * filters + f]
                  }
                }
              }
              let code = y[((n * oh + oy) * ow + ox) * filters + f]
              let got = Float(code - output.zeroPoints[0]) * output.scales[0]
              #expect(abs(got - min(max(sum, -2), 2)) <= output.scales[0] * 1.0001)
            }
          }
        }
      }
    }
  }

  @Test("int4 codes pack low nibble first and round-trip")
  func int4() throws {
    let codes: [Int8] = [-8, 7, 0, -1, 3, -5, 1]
    let packed = try Int4Packing.pack(codes)
    #expect(packed == [0x78, 0xF0, 0xB3, 0x01])
    #expect(try Int4Packing.unpack(packed, count: codes.count) == codes)
    let unsigned: [UInt8] = [15, 0, 9, 4]
    #expect(
      try Int4Packing.unpack(unsigned: Int4Packing.pack(unsigned: unsigned), count: 4) == unsigned
    )
    #expect(throws: CompressionError.self) { _ = try Int4Packing.pack([8]) }
    var state: UInt64 = 3
    let weights = (0..<40).map { _ in randomFloat(&state) }
    let parameters = try QuantizationParameters(
      perChannel: weights,
      shape: [8, 5],
      scheme: .int4SymmetricFullRange
    )
    let q = try parameters.quantizeToInt8(weights, shape: [8, 5])
    #expect(q.allSatisfy { $0 >= -8 && $0 <= 7 })
    #expect(try Int4Packing.unpack(Int4Packing.pack(q), count: q.count) == q)
  }

  @Test("fp16 rounds to nearest even and overflows to infinity")
  func halfPrecision() {
    let values: [Float] = [1, 1 + 1.0 / 2048, 1 + 3.0 / 2048, 65504, 65519, 65520, 1e-8, 3e-6, -7]
    let (back, report) = HalfPrecisionConversion.roundTrip(values)
    #expect(back[1] == 1)  // halfway between 1 and 1 + 2^-10 rounds to even (1)
    #expect(back[2] == 1 + 2.0 / 1024)
    #expect(back[3] == 65504 && back[4] == 65504)
    #expect(back[5] == .infinity)
    #expect(report.overflowCount == 1)
    #expect(report.underflowCount == 1)
    #expect(report.subnormalCount == 1)
    #expect(HalfPrecisionConversion.toFloat(HalfPrecisionConversion.toHalf([-7])) == [-7])
  }

  @Test("observers: running min/max and a clipped percentile range")
  func observers() throws {
    var observer = MinMaxObserver()
    observer.observe([0.5, 2, 1])
    observer.observe([3, 0.25])
    #expect(observer.minimum == 0.25 && observer.maximum == 3)
    let parameters = observer.parameters(scheme: .uint8Asymmetric)
    #expect(parameters.zeroPoints == [0])
    #expect(parameters.scales == [Float(3.0 / 255.0)])
    var percentile = try PercentileObserver(percentile: 99, binCount: 1000)
    var values = (0..<10_000).map { Float($0 % 100) / 100 }
    values[17] = 500
    percentile.observe(values)
    let (low, high) = percentile.range
    #expect(low == 0)
    #expect(high < 1.5 && high > 0.9)
  }

  @Test("the fixed-point multiplier reproduces TFLite's rounding")
  func fixedPoint() {
    let (mantissa, shift) = Requantization.quantizeMultiplier(0.375)
    #expect(mantissa == 1 << 30 + 1 << 29)
    #expect(shift == 1)
    #expect(
      Requantization.multiplyByQuantizedMultiplier(100, mantissa: mantissa, shift: shift) == 38
    )
    #expect(
      Requantization.multiplyByQuantizedMultiplier(-100, mantissa: mantissa, shift: shift) == -38
    )
    #expect(Requantization.multiplyByQuantizedMultiplier(4, mantissa: mantissa, shift: shift) == 2)
  }
}

private func denseFloat(
  _ x: [Float],
  _ w: [Float],
  _ b: [Float],
  batch: Int,
  inputs: Int,
  outputs: Int
) -> [Float] {
  var y = [Float](repeating: 0, count: batch * outputs)
  for i in 0..<batch {
    for j in 0..<outputs {
      var sum = b[j]
      for p in 0..<inputs { sum += x[i * inputs + p] * w[p * outputs + j] }
      y[i * outputs + j] = sum
    }
  }
  return y
}
