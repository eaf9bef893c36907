import Foundation
import Testing

@testable import Engine

/// Central finite differences of the loss against the analytic gradient, for parameters of
/// every layer family (embeddings, norms, attention, MLP, final norm, tied head).
@Suite("GPT finite differences")
struct GPTGradientCheckTests {
  static let configuration = GPTConfiguration(
    vocabularySize: 7,
    contextLength: 6,
    layers: 2,
    heads: 2,
    width: 8
  )

  static func model() throws -> GPTModel {
    var model = try GPTModel.initialized(configuration, seed: 3)
    var generator = SeededGenerator(seed: 11)
    // Larger weights than the init, so attention is far from uniform and GELU far from linear.
    for index in model.parameters.values.indices {
      model.parameters.values[index] += Float(generator.nextNormal() * 0.4)
    }
    return model
  }

  static let inputs: [Int32] = [1, 4, 2, 6, 0, 3, 5, 5, 2, 1, 0, 6]
  static let targets: [Int32] = [4, 2, 6, 0, 3, 1, 5, 2, 1, 0, 6, 3]

  static func loss(_ model: GPTModel, workspace: GPTWorkspace) -> Double {
    model.forward(inputs: inputs, targets: targets, batch: 2, tokens: 6, workspace: workspace)
  }

  @Test(
    arguments: [
      "transformer.wte.weight", "transformer.wpe.weight", "transformer.h.0.ln_1.weight",
      "transformer.h.0.ln_1.bias", "transformer.h.0.attn.c_attn.weight",
      "transformer.h.0.attn.c_attn.bias", "transformer.h.1.attn.c_proj.weight",
      "transformer.h.1.attn.c_proj.bias", "transformer.h.1.ln_2.weight",
      "transformer.h.0.mlp.c_fc.weight", "transformer.h.0.mlp.c_fc.bias",
      "transformer.h.1.mlp.c_proj.weight", "transformer.ln_f.weight", "transformer.ln_f.bias",
    ]
  )
  func finiteDifferencesAgreeWithBackward(_ name: String) throws {
    var model = try Self.model()
    let workspace = GPTWorkspace(for: model, batch: 2, tokens: 6)
    _ = Self.loss(model, workspace: workspace)
    model.backward(batch: 2, tokens: 6, workspace: workspace)
    let analytic = workspace.gradientValues
    let slot = try #require(model.parameters.slot(named: name))
    var checked = 0
    for index in stride(from: slot.offset, to: slot.offset + slot.count, by: max(1, slot.count / 9))
    {
      let original = model.parameters.values[index]
      let step: Float = 1e-2
      model.parameters.values[index] = original + step
      let up = Self.loss(model, workspace: workspace)
      model.parameters.values[index] = original - step
      let down = Self.loss(model, workspace: workspace)
      model.parameters.values[index] = original
      let numeric = (up - down) / (2 * Double(step))
      let exact = Double(analytic[index])
      #expect(
        abs(numeric - exact) <= 2e-3 + 2e-2 * abs(exact),
        "\(name)[\(index - slot.offset)]: finite difference \(numeric), backward \(exact)"
      )
      checked += 1
    }
    #expect(checked >= 2)
  }
}

@Suite("GPT generation")
struct GPTGenerationTests {
  @Test func theKVCacheGivesTheSameLogitsAsTheWholeWindow() throws {
    let model = try GPTGradientCheckTests.model()
    let cache = model.makeKeyValueCache()
    let scratch = GPTModel.StepScratch(for: model)
    let workspace = GPTWorkspace(for: model, batch: 1, tokens: 6, training: false)
    let tokens: [Int32] = [3, 1, 4, 1, 5, 2]
    for position in tokens.indices {
      let cached = model.step(
        token: tokens[position],
        position: position,
        cache: cache,
        scratch: scratch
      )
      let full = model.lastLogits(window: Array(tokens[...position]), workspace: workspace)
      let worst = zip(cached, full).map { abs($0 - $1) }.max() ?? .infinity
      #expect(worst < 1e-5, "position \(position): off by \(worst)")
    }
  }

  @Test func withinOneWindowCachedAndUncachedTextAreTheSame() throws {
    let model = try GPTGradientCheckTests.model()
    let generator = TextGenerator(model: model)
    var first = TokenSampler(temperature: 1, topK: 5, seed: 9)
    var second = TokenSampler(temperature: 1, topK: 5, seed: 9)
    let cached = generator.generate(prompt: [2], count: 5, sampler: &first, useCache: true)
    let uncached = generator.generate(prompt: [2], count: 5, sampler: &second, useCache: false)
    #expect(cached.tokens == uncached.tokens)
    #expect(cached.cacheBytes == 2 * 2 * 6 * 8 * 4)
    #expect(uncached.cacheBytes == 0)
    // Past the window the cached run re-encodes half a window and keeps going.
    var third = TokenSampler(temperature: 1, topK: nil, seed: 9)
    let long = generator.generate(prompt: [2, 3], count: 40, sampler: &third, useCache: true)
    #expect(long.tokens.count == 40)
    #expect(long.tokens.allSatisfy { (0..<7).contains($0) })
  }

  @Test func temperatureZeroAndTopOneAreGreedy() {
    var greedy = TokenSampler(temperature: 0, topK: nil, seed: 1)
    var topOne = TokenSampler(temperature: 1.5, topK: 1, seed: 1)
    let logits: [Float] = [0.1, 2.5, -1, 2.4]
    for _ in 0..<20 {
      #expect(greedy.next(logits) == 1)
      #expect(topOne.next(logits) == 1)
    }
  }

  @Test func samplingFollowsTheSoftmax() {
    var sampler = TokenSampler(temperature: 1, topK: nil, seed: 5)
    let logits: [Float] = [0, Float(Foundation.log(3.0))]
    var ones = 0
    for _ in 0..<4000 where sampler.next(logits) == 1 { ones += 1 }
    // p(1) = 3/4; 4,000 draws put the count within ±4σ (σ ≈ 27) of 3,000.
    #expect(abs(ones - 3000) < 110)
  }
}
