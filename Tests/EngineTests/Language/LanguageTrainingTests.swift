import Foundation
import Testing

@testable import Engine

@Suite("Language-model training")
struct LanguageTrainingTests {
  @Test func theScheduleWarmsUpThenFollowsACosineToTheMinimum() {
    let recipe = LanguageTrainingRecipe(steps: 2000)
    #expect(abs(recipe.learningRate(at: 0) - 1e-3 / 101) < 1e-12)
    #expect(abs(recipe.learningRate(at: 99) - 1e-3 * 100 / 101) < 1e-12)
    #expect(abs(recipe.learningRate(at: 100) - 1e-3) < 1e-12)
    #expect(abs(recipe.learningRate(at: 1050) - 5.5e-4) < 1e-9)
    #expect(abs(recipe.learningRate(at: 2000) - 1e-4) < 1e-12)
  }

  @Test func onlyMatricesAndEmbeddingsAreDecayed() throws {
    let model = try GPTModel(configuration: .tinyGPT)
    let decayed = model.parameters.slots.filter(\.isDecayed).map(\.name)
    #expect(decayed.contains("transformer.wte.weight"))
    #expect(decayed.contains("transformer.wpe.weight"))
    #expect(decayed.contains("transformer.h.3.mlp.c_proj.weight"))
    #expect(!decayed.contains { $0.hasSuffix(".bias") || $0.contains("ln_") })
    // 2 embeddings + 4 blocks × 4 matrices; the 6,912 biases and norm values are not decayed.
    #expect(decayed.count == 18)
    let decayedCount = model.parameters.slots.filter(\.isDecayed).reduce(0) { $0 + $1.count }
    #expect(decayedCount == 802_944)
  }

  @Test func badRecipesAreRefused() {
    #expect(throws: EngineError.self) { try LanguageTrainingRecipe(steps: 0).validate() }
    #expect(throws: EngineError.self) {
      try LanguageTrainingRecipe(steps: 10, batchSize: 0).validate()
    }
  }

  @Test func aShortRunOnShakespeareLearnsAndIsCached() throws {
    let corpus = try DatasetTests.catalog.corpus("shakespeare")
    let configuration = GPTConfiguration(
      vocabularySize: 65,
      contextLength: 32,
      layers: 2,
      heads: 2,
      width: 48
    )
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("lm-\(UInt64.random(in: 0...UInt64.max))").path
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let lab = LanguageModelLab(cacheDirectory: folder)
    let recipe = LanguageTrainingRecipe(steps: 300, batchSize: 8, warmupSteps: 20, seed: 7)
    let untrained = LanguageModelTrainer.validationLoss(
      try GPTModel.initialized(configuration, seed: 7),
      tokens: corpus.validation
    )
    #expect(abs(untrained - Foundation.log(65.0)) < 0.1)
    var steps = 0
    let trained = try lab.train(
      name: "test-gpt",
      configuration: configuration,
      corpus: corpus,
      recipe: recipe,
      progress: { if case .stepEnded = $0 { steps += 1 } }
    )
    #expect(steps == 300)
    #expect(!trained.fromCache)
    // Unigram statistics alone give about 3.3 nats; 300 steps reach well below 3.
    #expect(trained.validationLoss < 2.9, "validation loss \(trained.validationLoss)")
    let file = try #require(trained.file)
    let attributes = try FileManager.default.attributesOfItem(atPath: file)
    #expect(attributes[.size] as? Int == trained.sizeBytes)
    #expect(trained.sizeBytes > 4 * trained.model.parameterCount)
    let again = try lab.train(
      name: "test-gpt",
      configuration: configuration,
      corpus: corpus,
      recipe: recipe
    )
    #expect(again.fromCache)
    #expect(again.model.parameters.values == trained.model.parameters.values)
    #expect(abs(again.validationLoss - trained.validationLoss) < 1e-9)
    let latest = try #require(lab.latest(name: "test-gpt"))
    #expect(latest.model.parameters.values == trained.model.parameters.values)
  }

  @Test func ctrlCKeepsTheFinishedStepsAndCachesNothing() throws {
    let corpus = try DatasetTests.catalog.corpus("shakespeare")
    let configuration = GPTConfiguration(
      vocabularySize: 65,
      contextLength: 16,
      layers: 1,
      heads: 2,
      width: 16
    )
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("lm-\(UInt64.random(in: 0...UInt64.max))").path
    defer { try? FileManager.default.removeItem(atPath: folder) }
    var finished = 0
    let trained = try LanguageModelLab(cacheDirectory: folder).train(
      name: "stop-gpt",
      configuration: configuration,
      corpus: corpus,
      recipe: LanguageTrainingRecipe(steps: 50, batchSize: 2),
      progress: { if case .stepEnded = $0 { finished += 1 } },
      isCancelled: { finished >= 5 }
    )
    #expect(trained.completedSteps == 5)
    #expect(trained.file == nil)
    #expect(!FileManager.default.fileExists(atPath: folder))
  }
}
