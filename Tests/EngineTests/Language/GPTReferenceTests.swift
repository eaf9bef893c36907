import Foundation
import Testing

@testable import Engine

/// nanoGPT's model in PyTorch on the same weights (Tools/reference/make_tiny_gpt_reference.py).
@Suite("GPT against PyTorch")
struct GPTReferenceTests {
  struct Fixture: Decodable {
    struct Configuration: Decodable {
      var vocab, context, layers, heads, width: Int
    }
    struct Parameter: Decodable {
      var name: String
      var shape: [Int]
      var values: [Float]
      var gradient: [Float]
      var stepped: [Float]
    }
    struct Optimizer: Decodable {
      var lr: Double
      var betas: [Double]
      var weightDecay: Double
      var clip: Double
    }
    var config: Configuration
    var batch: Int
    var tokens: Int
    var inputs: [Int32]
    var targets: [Int32]
    var parameters: [Parameter]
    var logits: [Float]
    var loss: Double
    var gradientNorm: Double
    var adamw: Optimizer
    var geluInputs: [Float]
    var geluOutputs: [Float]
    var tinyGptParameters: Int
  }

  static func fixture() throws -> Fixture {
    let url = try #require(
      Bundle.module.url(
        forResource: "tiny_gpt_reference",
        withExtension: "json",
        subdirectory: "Fixtures"
      )
    )
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    return try decoder.decode(Fixture.self, from: Data(contentsOf: url))
  }

  /// The fixture's model with PyTorch's weights.
  static func model(_ fixture: Fixture) throws -> GPTModel {
    let c = fixture.config
    var model = try GPTModel(
      configuration: GPTConfiguration(
        vocabularySize: c.vocab,
        contextLength: c.context,
        layers: c.layers,
        heads: c.heads,
        width: c.width
      )
    )
    #expect(model.parameters.slots.map(\.name) == fixture.parameters.map(\.name))
    for parameter in fixture.parameters {
      let slot = try #require(model.parameters.slot(named: parameter.name))
      #expect(slot.shape == parameter.shape, "\(parameter.name)")
      model.parameters.setValues(parameter.values, of: slot)
    }
    return model
  }

  static func close(_ a: Float, _ b: Float, relative: Float, absolute: Float) -> Bool {
    abs(a - b) <= absolute + relative * max(abs(a), abs(b))
  }

  @Test func logitsAndLossMatchPyTorch() throws {
    let fixture = try Self.fixture()
    let model = try Self.model(fixture)
    let workspace = GPTWorkspace(for: model, batch: fixture.batch, tokens: fixture.tokens)
    let loss = model.forward(
      inputs: fixture.inputs,
      targets: fixture.targets,
      batch: fixture.batch,
      tokens: fixture.tokens,
      workspace: workspace
    )
    #expect(abs(loss - fixture.loss) < 1e-5)
    let logits = workspace.logitValues(
      rows: fixture.batch * fixture.tokens,
      vocabulary: fixture.config.vocab
    )
    #expect(logits.count == fixture.logits.count)
    let worst = zip(logits, fixture.logits).map { abs($0 - $1) }.max() ?? .infinity
    #expect(worst < 2e-5, "largest logit difference \(worst)")
  }

  @Test func everyGradientMatchesPyTorch() throws {
    let fixture = try Self.fixture()
    let model = try Self.model(fixture)
    let workspace = GPTWorkspace(for: model, batch: fixture.batch, tokens: fixture.tokens)
    _ = model.forward(
      inputs: fixture.inputs,
      targets: fixture.targets,
      batch: fixture.batch,
      tokens: fixture.tokens,
      workspace: workspace
    )
    model.backward(batch: fixture.batch, tokens: fixture.tokens, workspace: workspace)
    let gradients = workspace.gradientValues
    for parameter in fixture.parameters {
      let slot = try #require(model.parameters.slot(named: parameter.name))
      let ours = Array(gradients[slot.offset..<(slot.offset + slot.count)])
      let scale = parameter.gradient.map(abs).max() ?? 0
      let worst = zip(ours, parameter.gradient).map { abs($0 - $1) }.max() ?? .infinity
      #expect(scale > 0, "\(parameter.name) has a zero gradient in PyTorch")
      #expect(worst <= 1e-4 * max(scale, 1e-3), "\(parameter.name): off by \(worst) of \(scale)")
    }
  }

  @Test func oneClippedAdamWStepMatchesPyTorch() throws {
    let fixture = try Self.fixture()
    var model = try Self.model(fixture)
    let workspace = GPTWorkspace(for: model, batch: fixture.batch, tokens: fixture.tokens)
    _ = model.forward(
      inputs: fixture.inputs,
      targets: fixture.targets,
      batch: fixture.batch,
      tokens: fixture.tokens,
      workspace: workspace
    )
    model.backward(batch: fixture.batch, tokens: fixture.tokens, workspace: workspace)
    let norm = LanguageModelTrainer.clip(workspace.gradients, to: fixture.adamw.clip)
    #expect(abs(norm - fixture.gradientNorm) < 1e-4 * fixture.gradientNorm)
    #expect(norm > fixture.adamw.clip, "the fixture should exercise clipping")
    let recipe = LanguageTrainingRecipe(
      steps: 1,
      beta1: fixture.adamw.betas[0],
      beta2: fixture.adamw.betas[1],
      weightDecay: fixture.adamw.weightDecay
    )
    var optimizer = AdamW(slots: model.parameters.slots)
    optimizer.update(
      &model.parameters.values,
      gradients: workspace.gradients.pointer,
      learningRate: fixture.adamw.lr,
      recipe: recipe
    )
    for parameter in fixture.parameters {
      let slot = try #require(model.parameters.slot(named: parameter.name))
      let ours = model.parameters.values(of: slot)
      // Adam's first step moves every value by about ±lr whatever the gradient's size, so
      // values whose gradient is zero in exact arithmetic (the key biases: softmax ignores a
      // constant added to every score) move by the sign of rounding noise; they are skipped.
      for (index, (a, b)) in zip(ours, parameter.stepped).enumerated()
      where abs(parameter.gradient[index]) > 1e-6
        && !Self.close(a, b, relative: 1e-4, absolute: 2e-5)
      {
        Issue.record("\(parameter.name)[\(index)]: \(a) vs PyTorch \(b)")
        break
      }
    }
  }

  @Test func geluIsPyTorchsExactGELU() throws {
    let fixture = try Self.fixture()
    var values = fixture.geluInputs
    values.withUnsafeMutableBufferPointer {
      ActivationFunction.gelu($0.baseAddress!, count: $0.count, derivative: nil)
    }
    for (ours, torch) in zip(values, fixture.geluOutputs) {
      #expect(abs(ours - torch) < 1e-6, "\(ours) vs \(torch)")
    }
  }

  @Test func tinyGPTHasPyTorchsParameterCount() throws {
    let fixture = try Self.fixture()
    #expect(fixture.tinyGptParameters == 809_856)
    #expect(GPTConfiguration.tinyGPT.parameterCount == fixture.tinyGptParameters)
    let model = try GPTModel(configuration: .tinyGPT)
    #expect(model.parameterCount == fixture.tinyGptParameters)
    #expect(model.layers.reduce(0) { $0 + $1.parameterCount } == fixture.tinyGptParameters)
  }
}
