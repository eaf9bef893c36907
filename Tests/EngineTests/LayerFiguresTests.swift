import Engine
import Foundation
import Testing

@Suite struct LayerFiguresTests {
  @Test func macsOfHandComputedLayers() throws {
    // conv2d(32,3) on 28x28x1: 26·26 positions × 32 filters × 3·3·1 = 194,688
    #expect(try Conv2D(filters: 32, kernelSize: 3).macs(for: Shape(28, 28, 1)) == 194_688)
    // dense 784 → 128: 100,352 (no bias)
    #expect(try Dense(units: 128).macs(for: Shape(784)) == 100_352)
    // dense on a sequence: every step counts, 50 × 8 × 16
    #expect(try Dense(units: 16).macs(for: Shape(50, 8)) == 6_400)
    // depthwise 3x3 on 32x32x8 valid: 30·30·8·9
    #expect(try DepthwiseConv2D(kernelSize: 3).macs(for: Shape(32, 32, 8)) == 64_800)
    // separable 3x3, 32 → 64 on 32x32: 30·30·(9·32 + 32·64)
    #expect(
      try SeparableConv2D(filters: 64, kernelSize: 3).macs(for: Shape(32, 32, 32)) == 2_102_400
    )
    // lstm(32) over 10 steps of 16: 10 · 4·32 · (16 + 32)
    #expect(try LSTM(units: 32).macs(for: Shape(10, 16)) == 61_440)
    // mha(8,16) on (10,64): 10·4·64·128 + 2·10·10·128
    #expect(try MultiHeadAttention(heads: 8, keyDimension: 16).macs(for: Shape(10, 64)) == 353_280)
    #expect(try Pool2D(.max, poolSize: 2).macs(for: Shape(4, 4, 1)) == 0)
    #expect(try BatchNormalization().macs(for: Shape(8)) == 0)
  }

  @Test func formulasFillInTheNumbers() {
    #expect(
      Conv2D(filters: 32, kernelSize: 3).formula(for: Shape(28, 28, 1)) == "32 × (3·3·1) + 32 = 320"
    )
    #expect(Dense(units: 128).formula(for: Shape(784)) == "128 × 784 + 128 = 100,480")
    #expect(LSTM(units: 32).formula(for: Shape(10, 16)) == "4 × (32 × (16 + 32) + 32) = 6,272")
    #expect(GRU(units: 32).formula(for: Shape(10, 16)) == "3 × (32 × (16 + 32) + 2·32) = 4,800")
    #expect(
      MultiHeadAttention(heads: 8, keyDimension: 16).formula(for: Shape(10, 64))
        == "3 × (64·8·16 + 8·16) + (8·16·64 + 64) = 33,216"
    )
    #expect(
      TransformerBlock(heads: 12, feedForward: 3072).formula(for: Shape(512, 768))
        == "4 × (768·768 + 768) + (768·3,072 + 3,072) + (3,072·768 + 768) + 4·768 = 7,087,872"
    )
  }

  @Test func impossibleShapesThrowTypedErrors() {
    #expect(
      throws: EngineError.windowLargerThanInput(window: "kernel", size: 9, height: 5, width: 5)
    ) {
      try Conv2D(filters: 1, kernelSize: 9).outputShape(for: Shape(5, 5, 3))
    }
    #expect(throws: EngineError.self) {
      try Conv2D(filters: 1, kernelSize: 3).outputShape(for: Shape(100))
    }
    #expect(throws: EngineError.self) { try LSTM(units: 3).outputShape(for: Shape(100)) }
    #expect(throws: EngineError.self) { try Dense(units: 0).outputShape(for: Shape(100)) }
    #expect(throws: EngineError.self) { try Dropout(rate: 1).outputShape(for: Shape(100)) }
    #expect(throws: EngineError.self) { try ModelDescription(inputShape: Shape(0, 3)) }
  }

  @Test func countsThatExceedInt64AreErrorsNotTraps() throws {
    var model = try ModelDescription(inputShape: Shape(1_000_000_000))
    do {
      try model.append(Dense(units: 1_000_000_000))
      try model.append(Dense(units: 1_000_000_000))
      try model.append(Dense(units: 1_000_000_000))
      Issue.record("expected an overflow")
    } catch {
      guard case .countOverflow = error else {
        Issue.record("expected countOverflow, got \(error)")
        return
      }
    }
    #expect(model.layers.isEmpty)
  }

  @Test func summaryMemoryFollowsTheDocumentedFormulas() throws {
    var model = try ModelDescription(inputShape: Shape(32))
    try model.append(Dense(units: 64))
    try model.append(BatchNormalization())
    try model.append(Dense(units: 10))
    let summary = model.summary()
    #expect(summary.totalParams == 3_018)
    #expect(summary.nonTrainableParams == 128)
    #expect(
      summary.bytes == ModelSummary.Bytes(fp32: 12_072, fp16: 6_036, int8: 3_018, int4: 1_509)
    )
    // inference: weights + largest (input + output) pair = 64 + 64
    #expect(summary.memory.inferenceBytes == 12_072 + 4 * 128)
    // training: 4·(4·2,890 + 128) + 4·32·(32 + 64 + 64 + 10)
    #expect(summary.memory.trainingBytes == 4 * (4 * 2_890 + 128) + 4 * 32 * 170)
    let json = String(decoding: try JSONEncoder().encode(summary), as: UTF8.self)
    for key in [
      "total_params", "trainable_params", "non_trainable_params", "output_shape", "inference_bytes",
      "training_bytes", "int4",
    ] {
      #expect(json.contains("\"\(key)\""))
    }
    #expect(try JSONDecoder().decode(ModelSummary.self, from: Data(json.utf8)) == summary)
  }
}
