import Foundation
import Testing

@testable import Engine

/// PyTorch's `nn.Embedding` → `nn.LSTM` → `nn.Linear` on the same weights
/// (Tools/reference/make_tiny_lstm_reference.py).
@Suite("LSTM language model against PyTorch")
struct LSTMReferenceTests {
  struct Fixture: Decodable {
    struct Configuration: Decodable {
      var vocab, embedding, hidden, layers: Int
    }
    struct Parameter: Decodable {
      var name: String
      var shape: [Int]
      var values: [Float]
      var gradient: [Float]
    }
    var config: Configuration
    var batch: Int
    var tokens: Int
    var inputs: [Int32]
    var targets: [Int32]
    var parameters: [Parameter]
    var logits: [Float]
    var loss: Double
    var stepLogits: [Float]
    var tinyLstmParameters: Int
  }

  static func fixture() throws -> Fixture {
    let url = try #require(
      Bundle.module.url(
        forResource: "tiny_lstm_reference",
        withExtension: "json",
        subdirectory: "Fixtures"
      )
    )
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    return try decoder.decode(Fixture.self, from: Data(contentsOf: url))
  }

  /// The fixture's model with PyTorch's weights.
  static func model(_ fixture: Fixture) throws -> LSTMLanguageModel {
    let c = fixture.config
    var model = try LSTMLanguageModel(
      configuration: LSTMConfiguration(
        vocabularySize: c.vocab,
        contextLength: fixture.tokens,
        embeddingWidth: c.embedding,
        hiddenWidth: c.hidden,
        layers: c.layers
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

  @Test func logitsAndLossMatchPyTorch() throws {
    let fixture = try Self.fixture()
    let model = try Self.model(fixture)
    let workspace = LSTMWorkspace(for: model, batch: fixture.batch, tokens: fixture.tokens)
    let loss = model.forward(
      inputs: fixture.inputs,
      targets: fixture.targets,
      batch: fixture.batch,
      tokens: fixture.tokens,
      workspace: workspace
    )
    #expect(abs(loss - fixture.loss) < 1e-5, "loss \(loss) vs PyTorch \(fixture.loss)")
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
    let workspace = LSTMWorkspace(for: model, batch: fixture.batch, tokens: fixture.tokens)
    _ = model.forward(
      inputs: fixture.inputs,
      targets: fixture.targets,
      batch: fixture.batch,
      tokens: fixture.tokens,
      workspace: workspace
    )
    model.backward(batch: fixture.batch, tokens: fixture.tokens, workspace: workspace)
    let gradients = workspace.gradientValues
    #expect(fixture.parameters.count == 2 + 4 * fixture.config.layers + 1)
    for parameter in fixture.parameters {
      let slot = try #require(model.parameters.slot(named: parameter.name))
      let ours = Array(gradients[slot.offset..<(slot.offset + slot.count)])
      let scale = parameter.gradient.map(abs).max() ?? 0
      let worst = zip(ours, parameter.gradient).map { abs($0 - $1) }.max() ?? .infinity
      #expect(scale > 0, "\(parameter.name) has a zero gradient in PyTorch")
      #expect(worst <= 1e-4 * max(scale, 1e-3), "\(parameter.name): off by \(worst) of \(scale)")
    }
  }

  @Test func steppingOneTokenAtATimeMatchesPyTorchsStatefulLogits() throws {
    let fixture = try Self.fixture()
    let model = try Self.model(fixture)
    let state = LSTMLanguageModel.StepState(for: model)
    let vocabulary = fixture.config.vocab
    for t in 0..<fixture.tokens {
      let logits = model.step(token: fixture.inputs[t], state: state)
      let expected = fixture.stepLogits[(t * vocabulary)..<((t + 1) * vocabulary)]
      let worst = zip(logits, expected).map { abs($0 - $1) }.max() ?? .infinity
      #expect(worst < 2e-5, "step \(t): off by \(worst)")
    }
  }

  @Test func tinyLSTMHasPyTorchsParameterCount() throws {
    let fixture = try Self.fixture()
    #expect(fixture.tinyLstmParameters == 791_849)
    #expect(LSTMConfiguration.tinyLSTM.parameterCount == fixture.tinyLstmParameters)
    let model = try LSTMLanguageModel(configuration: .tinyLSTM)
    #expect(model.parameterCount == fixture.tinyLstmParameters)
    #expect(model.layers.reduce(0) { $0 + $1.parameterCount } == fixture.tinyLstmParameters)
  }
}

/// Central finite differences of the loss against backpropagation through time, for every
/// tensor of a two-layer LSTM language model.
@Suite("LSTM finite differences")
struct LSTMGradientCheckTests {
  static let configuration = LSTMConfiguration(
    vocabularySize: 7,
    contextLength: 6,
    embeddingWidth: 5,
    hiddenWidth: 9,
    layers: 2
  )

  static func model() throws -> LSTMLanguageModel {
    var model = try LSTMLanguageModel.initialized(configuration, seed: 3)
    var generator = SeededGenerator(seed: 11)
    for index in model.parameters.values.indices {
      model.parameters.values[index] += Float(generator.nextNormal() * 0.3)
    }
    return model
  }

  static let inputs: [Int32] = [1, 4, 2, 6, 0, 3, 5, 5, 2, 1, 0, 6]
  static let targets: [Int32] = [4, 2, 6, 0, 3, 1, 5, 2, 1, 0, 6, 3]

  static func loss(_ model: LSTMLanguageModel, workspace: LSTMWorkspace) -> Double {
    model.forward(inputs: inputs, targets: targets, batch: 2, tokens: 6, workspace: workspace)
  }

  @Test(
    arguments: [
      "embedding.weight", "lstm.weight_ih_l0", "lstm.weight_hh_l0", "lstm.bias_ih_l0",
      "lstm.bias_hh_l0", "lstm.weight_ih_l1", "lstm.weight_hh_l1", "lstm.bias_ih_l1",
      "lstm.bias_hh_l1", "head.weight", "head.bias",
    ]
  )
  func finiteDifferencesAgreeWithBackward(_ name: String) throws {
    var model = try Self.model()
    let workspace = LSTMWorkspace(for: model, batch: 2, tokens: 6)
    _ = Self.loss(model, workspace: workspace)
    model.backward(batch: 2, tokens: 6, workspace: workspace)
    let analytic = workspace.gradientValues
    let slot = try #require(model.parameters.slot(named: name))
    var checked = 0
    for index in stride(
      from: slot.offset,
      to: slot.offset + slot.count,
      by: max(1, slot.count / 11)
    ) {
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

  @Test func aBatchOfWindowsGivesTheLogitsOfEachWindowAlone() throws {
    let model = try Self.model()
    let both = LSTMWorkspace(for: model, batch: 2, tokens: 6)
    _ = model.forward(inputs: Self.inputs, targets: nil, batch: 2, tokens: 6, workspace: both)
    let together = both.logitValues(rows: 12, vocabulary: 7)
    let single = LSTMWorkspace(for: model, batch: 1, tokens: 6, training: false)
    _ = model.forward(
      inputs: Array(Self.inputs[6...]),
      targets: nil,
      batch: 1,
      tokens: 6,
      workspace: single,
      keepGradient: false
    )
    let alone = single.logitValues(rows: 6, vocabulary: 7)
    let worst = zip(together[42...], alone).map { abs($0 - $1) }.max() ?? .infinity
    #expect(worst < 1e-5, "the second window's logits differ by \(worst)")
  }

  @Test func generationCarriesTheStateAndCostsOneStepAToken() throws {
    let model = try Self.model()
    var first = TokenSampler(temperature: 1, topK: nil, seed: 9)
    var second = TokenSampler(temperature: 1, topK: nil, seed: 9)
    let long = model.generate(prompt: [2, 3], count: 100, sampler: &first)
    #expect(long.tokens.count == 100)
    #expect(long.tokens.allSatisfy { (0..<7).contains($0) })
    #expect(!long.usedCache && long.cacheBytes == 0)
    #expect(long.activationBytes >= model.stateBytes)
    #expect(model.stateBytes == 2 * 2 * 9 * 4)
    // The same seed gives the same text; greedy decoding equals the argmax of the window.
    #expect(model.generate(prompt: [2, 3], count: 100, sampler: &second).tokens == long.tokens)
    var greedy = TokenSampler(temperature: 0, topK: nil, seed: 1)
    let next = model.generate(prompt: [1, 4, 2, 6, 0, 3], count: 1, sampler: &greedy).tokens
    let workspace = LSTMWorkspace(for: model, batch: 1, tokens: 6, training: false)
    _ = model.forward(
      inputs: [1, 4, 2, 6, 0, 3],
      targets: nil,
      batch: 1,
      tokens: 6,
      workspace: workspace,
      keepGradient: false
    )
    let last = Array(workspace.logitValues(rows: 6, vocabulary: 7)[35...])
    let argmax = last.indices.max { last[$0] < last[$1] }
    #expect(next == [Int32(try #require(argmax))])
  }
}
