import Foundation
import Testing

@testable import Engine

@Suite("LSTM language-model training")
struct LSTMTrainingTests {
  @Test func tinyLSTMDecaysOnlyMatricesAndStatesItsFormula() throws {
    let model = try LSTMLanguageModel(configuration: .tinyLSTM)
    let decayed = model.parameters.slots.filter(\.isDecayed).map(\.name)
    #expect(
      decayed == [
        "embedding.weight", "lstm.weight_ih_l0", "lstm.weight_hh_l0", "lstm.weight_ih_l1",
        "lstm.weight_hh_l1", "head.weight",
      ]
    )
    #expect(model.specLayers.map(\.layer.kind) == ["embedding", "lstm", "lstm", "dense"])
    // The spec layer states Keras' formula (one bias); PyTorch's second bias is the 4H extra.
    let second = model.specLayers[2]
    #expect(
      second.layer.formula(for: second.inputShape) == "4 × (232 × (232 + 232) + 232) = 431,520"
    )
    #expect(CountingConvention.torch.parameters(of: second) == 432_448)
    #expect(model.recurrentLayers[1].parameterCount == 432_448)
  }

  @Test func aShortRunOnShakespeareLearnsAndIsCached() throws {
    let corpus = try DatasetTests.catalog.corpus("shakespeare")
    let configuration = LSTMConfiguration(
      vocabularySize: 65,
      contextLength: 32,
      embeddingWidth: 16,
      hiddenWidth: 64,
      layers: 1
    )
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("lstm-\(UInt64.random(in: 0...UInt64.max))").path
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let lab = LanguageModelLab(cacheDirectory: folder)
    let recipe = LanguageTrainingRecipe(
      steps: 200,
      batchSize: 8,
      learningRate: 1e-2,
      minimumLearningRate: 1e-3,
      warmupSteps: 20,
      seed: 7
    )
    let untrained = LanguageModelTrainer.validationLoss(
      try LSTMLanguageModel.initialized(configuration, seed: 7),
      tokens: corpus.validation
    )
    // Near log 65 ≈ 4.17: the head's small uniform weights give almost flat logits.
    #expect(abs(untrained - Foundation.log(65.0)) < 0.2, "untrained loss \(untrained)")
    var steps = 0
    let trained = try lab.train(
      name: "test-lstm",
      configuration: configuration,
      corpus: corpus,
      recipe: recipe,
      progress: { if case .stepEnded = $0 { steps += 1 } }
    )
    #expect(steps == 200)
    #expect(!trained.fromCache)
    // Unigram statistics alone give about 3.3 nats; 200 steps reach well below 3.
    #expect(trained.validationLoss < 2.9, "validation loss \(trained.validationLoss)")
    let file = try #require(trained.file)
    let attributes = try FileManager.default.attributesOfItem(atPath: file)
    #expect(attributes[.size] as? Int == trained.sizeBytes)
    let again = try lab.train(
      name: "test-lstm",
      configuration: configuration,
      corpus: corpus,
      recipe: recipe
    )
    #expect(again.fromCache)
    #expect(again.model.parameters.values == trained.model.parameters.values)
    let latest = try #require(lab.latest(name: "test-lstm", as: LSTMLanguageModel.self))
    #expect(latest.model.parameters.values == trained.model.parameters.values)
    // A GPT is not read back from an LSTM's file.
    #expect(lab.latest(name: "test-lstm") == nil)
  }
}
