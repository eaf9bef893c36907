import Engine
import Foundation
import SpecLanguage
import Testing

@Suite struct ServingEstimateTests {
  static let a10g = ServingHardware(
    name: "ml.g5.2xlarge",
    device: "A10G",
    memoryBytes: 24 << 30,
    bandwidthBytesPerSecond: 600e9,
    peakFLOPS: 70e12,
    peakInt8OPS: 140e12,
    count: 1,
    hourlyPrice: 1.515,
    pricesAsOf: "2026-12-04"
  )

  func served(_ preset: String) throws -> ServingModel {
    try ServingModel(model: ModelSpec.parse(preset))
  }

  @Test func keyValueCachePerTokenIsTwoLayersKVHeadsHeadDimBytes() throws {
    let options = ServingEstimate.Options(precision: .bf16, context: 8192, batch: 8)
    let llama = ServingEstimate(model: try served("llama-3.1-8b"), options: options, hardware: nil)
    #expect(llama.keyValueBytesPerToken == 2 * 32 * 8 * 128 * 2)
    #expect(llama.keyValueBytes == 2 * 32 * 8 * 128 * 2 * 8192 * 8)
    // Phi-3 mini has no grouped-query attention: 4× the KV heads of its width.
    let phi = ServingEstimate(model: try served("phi-3-mini"), options: options, hardware: nil)
    #expect(phi.keyValueBytesPerToken == 2 * 32 * 32 * 96 * 2)
    // Gemma 2 9B: head_dim 256 independent of the width.
    let gemma = ServingEstimate(model: try served("gemma-2-9b"), options: options, hardware: nil)
    #expect(gemma.keyValueBytesPerToken == 2 * 42 * 8 * 256 * 2)
  }

  @Test func kvPrecisionDefaultsToTheWeightsAtLeastSixteenBits() {
    #expect(ServingEstimate.Options(precision: .int4).keyValuePrecision == .fp16)
    #expect(ServingEstimate.Options(precision: .int8).keyValuePrecision == .fp16)
    #expect(ServingEstimate.Options(precision: .fp32).keyValuePrecision == .fp32)
    #expect(ServingEstimate.Options(precision: .bf16).keyValuePrecision == .bf16)
  }

  @Test func int4WeightsPackTheBlockMatricesWithGroupScales() throws {
    let model = try served("llama-3.1-8b")
    let estimate = ServingEstimate(
      model: model,
      options: ServingEstimate.Options(precision: .int4, groupSize: 128),
      hardware: nil
    )
    let matrices: Int64 = 32 * (4096 * 4096 * 2 + 2 * 4096 * 1024 + 3 * 4096 * 14336)
    #expect(model.matrixParameters == matrices)
    #expect(estimate.scaleBytes == matrices / 128 * 2)
    let rest = 8_030_261_248 - matrices
    #expect(estimate.weightsBytes == matrices / 2 + matrices / 128 * 2 + rest * 2)
    let bf16 = ServingEstimate(model: model, options: .init(precision: .bf16), hardware: nil)
    #expect(bf16.weightsBytes == 8_030_261_248 * 2)
    #expect(bf16.scaleBytes == 0)
    let coarse = ServingEstimate(
      model: model,
      options: .init(precision: .int4, groupSize: 1024),
      hardware: nil
    )
    #expect(coarse.scaleBytes < estimate.scaleBytes)
  }

  /// The question: Llama 3.1 8B, int4, 8k context, batch 8, one A10G.
  @Test func llamaEightBAtInt4FitsOneA10GWithEveryFigureFromItsFormula() throws {
    let estimate = ServingEstimate(
      model: try served("llama-3.1-8b"),
      options: ServingEstimate.Options(precision: .int4, context: 8192, batch: 8),
      hardware: Self.a10g
    )
    #expect(estimate.fits == true)
    #expect(
      estimate.totalBytes
        == estimate.weightsBytes + estimate.keyValueBytes + estimate.activationBytes
        + estimate.overheadBytes
    )
    #expect(estimate.decodeIsMemoryBound == true)
    // decode step reads the weights used (all but the untied embedding table) + the KV cache
    let embedding = 128_256.0 * 4096 * 2
    let bytes = Double(estimate.weightsBytes) - embedding + Double(estimate.keyValueBytes)
    let expected = 8 / (bytes / 600e9)
    let speed = try #require(estimate.decodeTokensPerSecond)
    #expect(abs(speed - expected) / expected < 1e-9)
    let cost = try #require(estimate.costPerMillionTokens)
    #expect(abs(cost - 1.515 / 3600 / speed * 1e6) < 1e-9)
    #expect(estimate.lines.map(\.label).contains("cost"))
    // At bf16 and batch 64 it does not fit.
    let big = ServingEstimate(
      model: try served("llama-3.1-8b"),
      options: ServingEstimate.Options(precision: .bf16, context: 8192, batch: 64),
      hardware: Self.a10g
    )
    #expect(big.fits == false)
  }

  @Test func mixtureOfExpertsDecodesFasterThanItsSizeAtBatchOne() throws {
    let model = try served("mixtral-8x7b")
    #expect(model.experts == 8 && model.topExperts == 2)
    let one = ServingEstimate(
      model: model,
      options: .init(precision: .bf16, context: 1, batch: 1),
      hardware: Self.a10g
    )
    let dense = ServingEstimate(
      model: model,
      options: .init(precision: .bf16, context: 1, batch: 64),
      hardware: Self.a10g
    )
    // batch 1 reads 2 of 8 experts; batch 64 touches nearly all of them
    let perTokenOne = 1 / (try #require(one.decodeTokensPerSecond))
    let perStepMany = 64 / (try #require(dense.decodeTokensPerSecond))
    #expect(perTokenOne < perStepMany * 0.5)
  }

  @Test func tensorParallelismPastTheKVHeadsReplicatesTheCache() throws {
    var sixteen = Self.a10g
    sixteen.count = 16
    let options = ServingEstimate.Options(precision: .bf16, context: 1024, batch: 1)
    let model = try served("llama-3.1-8b")
    let replicated = ServingEstimate(model: model, options: options, hardware: sixteen)
    let single = ServingEstimate(model: model, options: options, hardware: Self.a10g)
    #expect(replicated.keyValueBytes == 2 * single.keyValueBytes)
    #expect(replicated.overheadBytes == 16 * single.overheadBytes)
  }

  @Test func modelsWithoutAttentionAreRefused() {
    #expect(throws: EngineError.self) {
      _ = try ServingModel(model: ModelSpec.parse("seed-mlp"))
    }
  }
}
