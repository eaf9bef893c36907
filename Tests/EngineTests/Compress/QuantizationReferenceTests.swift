import Engine
import Foundation
import Testing

/// The ONNX Runtime results in `quantizeReference.json` (Tools/reference/makeQuantizeReference.py).
private struct QuantizeReference: Decodable {
  struct LinearCase: Decodable {
    let name: String
    let type: String
    let shape: [Int]
    let axis: Int?
    let scales: [Float]
    let zeroPoints: [Int32]
    let x: [Float]
    let q: [Int32]
    let dequantized: [Float]
  }
  struct MatMulIntegerCase: Decodable {
    let name: String
    let m: Int
    let k: Int
    let n: Int
    let aZeroPoint: Int32
    let bZeroPoint: Int32
    let a: [Int8]
    let b: [Int8]
    let c: [Int32]
  }
  struct QLinearCase: Decodable {
    let m: Int
    let k: Int
    let n: Int
    let a: [Int8]
    let b: [Int8]
    let aScale: Float
    let aZeroPoint: Int32
    let bScale: Float
    let yScale: Float
    let yZeroPoint: Int32
    let y: [Int32]
  }
  struct ScaleCase: Decodable {
    let min: Float
    let max: Float
    let type: String
    let qmin: Int32
    let qmax: Int32
    let symmetric: Bool
    let scale: Float
    let zeroPoint: Int32
  }
  struct PerChannelCase: Decodable {
    let rows: Int
    let cols: Int
    let weights: [Float]
    let axis: Int?
    let scales: [Float]
    let zeroPoints: [Int32]
    let codes: [Int32]?
  }
  let quantizeLinear: [LinearCase]
  let matmulInteger: [MatMulIntegerCase]
  let qlinearMatmul: QLinearCase
  let scaleZp: [ScaleCase]
  let perChannel: PerChannelCase

  static func load() throws -> QuantizeReference {
    let url = try #require(
      Bundle.module.url(
        forResource: "quantize_reference",
        withExtension: "json",
        subdirectory: "Fixtures"
      )
    )
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    return try decoder.decode(QuantizeReference.self, from: Data(contentsOf: url))
  }
}

@Suite("Quantization against ONNX Runtime")
struct QuantizationReferenceTests {
  @Test("QuantizeLinear and DequantizeLinear match exactly")
  func quantizeLinear() throws {
    let reference = try QuantizeReference.load()
    #expect(reference.quantizeLinear.count == 8)
    for item in reference.quantizeLinear {
      let scheme: QuantizationScheme = item.type == "int8" ? .int8Asymmetric : .uint8Asymmetric
      let parameters = try QuantizationParameters(
        scheme: scheme,
        scales: item.scales,
        zeroPoints: item.zeroPoints,
        axis: item.axis
      )
      let codes = try parameters.quantize(item.x, shape: item.shape)
      #expect(codes == item.q, "\(item.name)")
      let back = try parameters.dequantize(codes, shape: item.shape)
      #expect(back == item.dequantized, "\(item.name)")
    }
  }

  @Test("MatMulInteger: the int8 GEMM with zero points folded in is exact")
  func matMulInteger() throws {
    let reference = try QuantizeReference.load()
    for item in reference.matmulInteger {
      let raw = try Int8Gemm.multiply(item.a, item.b, m: item.m, k: item.k, n: item.n)
      let packed = try Int8Gemm.PackedMatrix(item.b, rows: item.k, columns: item.n)
      let sums = packed.columnSums
      var rowSums = [Int32](repeating: 0, count: item.m)
      for i in 0..<item.m {
        for p in 0..<item.k { rowSums[i] += Int32(item.a[i * item.k + p]) }
      }
      let za = item.aZeroPoint
      let zb = item.bZeroPoint
      var c = raw
      for i in 0..<item.m {
        for j in 0..<item.n {
          c[i * item.n + j] += -za * sums[j] - zb * rowSums[i] + Int32(item.k) * za * zb
        }
      }
      #expect(c == item.c, "\(item.name)")
    }
  }

  @Test("QLinearMatMul: integer accumulate and float requantize match")
  func qlinearMatMul() throws {
    let item = try QuantizeReference.load().qlinearMatmul
    let acc = try Int8Gemm.multiply(item.a, item.b, m: item.m, k: item.k, n: item.n)
    let sums = try Int8Gemm.PackedMatrix(item.b, rows: item.k, columns: item.n).columnSums
    let requantize = Requantization(
      inputScale: item.aScale,
      weightScales: [item.bScale],
      outputScale: item.yScale,
      outputZeroPoint: item.yZeroPoint,
      outputMinimum: -128,
      outputMaximum: 127
    )
    let fixed = Requantization(
      inputScale: item.aScale,
      weightScales: [item.bScale],
      outputScale: item.yScale,
      outputZeroPoint: item.yZeroPoint,
      outputMinimum: -128,
      outputMaximum: 127,
      mode: .fixedPoint
    )
    var exact = 0
    for i in 0..<item.m {
      for j in 0..<item.n {
        let total = acc[i * item.n + j] - item.aZeroPoint * sums[j]
        let floatCode = requantize.apply(total, channel: 0)
        let fixedCode = fixed.apply(total, channel: 0)
        let expected = item.y[i * item.n + j]
        if floatCode == expected { exact += 1 }
        #expect(abs(floatCode - expected) <= 1)
        #expect(abs(fixedCode - expected) <= 1)
      }
    }
    #expect(exact == item.m * item.n)
  }

  @Test("scale and zero point equal computeScaleZp's")
  func scaleAndZeroPoint() throws {
    let reference = try QuantizeReference.load()
    for item in reference.scaleZp {
      let bits = item.type.hasSuffix("4") ? 4 : 8
      let scheme = try QuantizationScheme(
        bitWidth: bits,
        qmin: item.qmin,
        qmax: item.qmax,
        isSymmetric: item.symmetric
      )
      let (scale, zeroPoint) = scheme.scaleAndZeroPoint(minimum: item.min, maximum: item.max)
      #expect(scale == item.scale, "\(item.type) [\(item.min), \(item.max)]")
      #expect(zeroPoint == item.zeroPoint, "\(item.type) [\(item.min), \(item.max)]")
    }
  }

  @Test("per-channel weight scales equal quantizeStatic's MinMax per-channel scales")
  func perChannel() throws {
    let item = try QuantizeReference.load().perChannel
    #expect(item.axis == 1)
    let shape = [item.rows, item.cols]
    let parameters = try QuantizationParameters(
      perChannel: item.weights,
      shape: shape,
      axis: -1,
      scheme: .int8Symmetric
    )
    #expect(parameters.scales == item.scales)
    #expect(parameters.zeroPoints == item.zeroPoints)
    if let codes = item.codes {
      #expect(try parameters.quantize(item.weights, shape: shape) == codes)
    }
  }
}
