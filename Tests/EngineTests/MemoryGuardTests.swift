import Engine
import Foundation
import Lab
import Testing

/// The memory guard: estimates from shapes, a budget from the machine, refusals before
/// anything is allocated.
@Suite struct MemoryGuardTests {
  static func mlp() throws -> ModelDescription {
    var model = try ModelDescription(inputShape: Shape(784))
    try model.append(Dense(units: 128, activation: .relu))
    try model.append(Dense(units: 10))
    return model
  }

  @Test func inferenceEstimateIsWeightsGradientsAndTheLargestLayerAtTheBatch() throws {
    let estimate = try MemoryEstimate(model: Self.mlp(), use: .inference(batch: 8))
    #expect(estimate.weights == 101_770 * 4)
    #expect(estimate.gradients == 101_770 * 4)
    #expect(estimate.optimizerState == 0)
    #expect(estimate.saving == 0)
    // input 784, then the largest input + output: 784 + 128
    #expect(estimate.activations == 8 * (784 + 784 + 128) * 4)
    #expect(estimate.total == 2 * 101_770 * 4 + 8 * 1_696 * 4)
  }

  @Test func trainingEstimateAddsOptimizerMomentsSavedCopiesAndEveryOutput() throws {
    let adam = try MemoryEstimate(
      model: Self.mlp(),
      use: .training(batch: 32, optimizerSlots: 2)
    )
    #expect(adam.optimizerState == 2 * 101_770 * 4)
    #expect(adam.saving == 2 * 101_770 * 4)
    // kept: input 784 + outputs 128 + 10; transient: the largest input + output, 912
    #expect(adam.activations == 32 * (784 + 128 + 10 + 912) * 4)
    let sgd = try MemoryEstimate(model: Self.mlp(), use: .training(batch: 32, optimizerSlots: 1))
    #expect(sgd.total == adam.total - 101_770 * 4)
  }

  @Test func convolutionEstimateCountsTheIm2colMatrix() throws {
    var model = try ModelDescription(inputShape: Shape(8, 8, 1))
    try model.append(Conv2D(filters: 4, kernelSize: 3))
    let estimate = try MemoryEstimate(model: model, use: .inference(batch: 1))
    // input 64, then 64 in + 6·6·4 out + 6·6·3·3·1 im2col
    #expect(estimate.activations == (64 + 64 + 144 + 324) * 4)
  }

  @Test func physicalBudgetIsAQuarterOfMemoryCappedByWhatIsAvailable() {
    let total = Int64(ProcessInfo.processInfo.physicalMemory)
    let roomy = MemoryBudget.physical(meminfo: "MemTotal: 1 kB\nMemAvailable: 999999999999 kB\n")
    #expect(roomy.bytes == max(total / 4, 64 << 20))
    let tight = MemoryBudget.physical(meminfo: "MemAvailable:    4000000 kB\n")
    #expect(tight.bytes == min(total / 4, 3_000_000 * 1024))
    let none = MemoryBudget.physical(meminfo: nil)
    #expect(none.bytes == max(total / 4, 64 << 20))
  }

  @Test func aBillionInputsAreRefusedBeforeAnythingIsAllocated() throws {
    var model = try ModelDescription(inputShape: Shape(1_000_000_000))
    try model.append(Dense(units: 10))
    do {
      _ = try NetworkBuilder.network(for: model, task: nil, seed: 1, budget: .standard)
      Issue.record("a 40 GB network was built")
    } catch let error as EngineError {
      guard case .memoryBudgetExceeded(let needed, let budget, _, _) = error else {
        Issue.record("expected memoryBudgetExceeded, got \(error)")
        return
      }
      #expect(needed > 80_000_000_000)
      #expect(budget == 2 << 30)
      #expect(!error.description.contains("\n"))
      #expect(!error.description.contains("--"))
    }
  }

  @Test func trainingIsRefusedAboveTheLabsBudget() throws {
    var model = try ModelDescription(inputShape: Shape(4))
    try model.append(Dense(units: 20_000))
    try model.append(Dense(units: 20_000))
    try model.append(Dense(units: 1))
    let lab = ModelLab(cacheDirectory: nil, memoryBudget: MemoryBudget(bytes: 1 << 30))
    #expect(throws: EngineError.self) {
      try lab.checkTrainingMemory(model, recipe: TrainingRecipe())
    }
    let roomy = ModelLab(cacheDirectory: nil, memoryBudget: MemoryBudget(bytes: 1 << 40))
    try roomy.checkTrainingMemory(model, recipe: TrainingRecipe())
  }

  @Test func estimatesOfAbsurdModelsOverflowIntoARefusalNotATrap() throws {
    var model = try ModelDescription(inputShape: Shape(1_000_000_000_000))
    try model.append(Flatten())
    #expect(throws: EngineError.self) {
      let estimate = try MemoryEstimate(model: model, use: .inference(batch: 4096))
      try MemoryBudget.standard.check(estimate, for: "this")
    }
  }

  @Test func aDivergedTrainingIsRefusedWithTheLearningRate() throws {
    var network = try Network(inputShape: [2], layers: [.dense(units: 1)], seed: 1)
    var weights = network.namedWeights()
    weights[0].values[0] = .nan
    try network.load(weights)
    var history = TrainingHistory()
    history.epochs = [
      TrainingEvent.EpochSummary(
        epoch: 1,
        epochs: 1,
        loss: 0.5,
        accuracy: nil,
        validationLoss: nil,
        validationAccuracy: nil,
        elapsed: .zero,
        remaining: .zero
      )
    ]
    let recipe = TrainingRecipe(optimizer: "sgd", learningRate: 5)
    #expect(throws: EngineError.trainingDiverged(epoch: 1, learningRate: 5)) {
      try ModelLab.requireFinite(network, history: history, recipe: recipe)
    }
    history.epochs[0].loss = .infinity
    #expect(throws: EngineError.trainingDiverged(epoch: 1, learningRate: 5)) {
      try ModelLab.requireFinite(
        try Network(inputShape: [2], layers: [.dense(units: 1)], seed: 1),
        history: history,
        recipe: recipe
      )
    }
  }

  @Test func randomInputForAnEmbeddingIsValidTokenIds() throws {
    let network = try Network(
      inputShape: [16],
      layers: [.embedding(vocab: 7, dim: 3), .flatten, .dense(units: 2)],
      seed: 1
    )
    let input = network.randomInput(count: 50, seed: 3)
    #expect(input.shape == [50, 16])
    #expect(input.scalars.allSatisfy { $0 >= 0 && $0 < 7 && $0 == $0.rounded() })
    #expect(Set(input.scalars).count == 7)
    _ = try network.predict(input)
  }

  @Test func anEmbeddingCanOnlyBeTheFirstLayerOfANetwork() {
    #expect(throws: NetworkError.self) {
      _ = try Network(
        inputShape: [1],
        layers: [.activation(.softmax), .embedding(vocab: 1, dim: 1)],
        seed: 1
      )
    }
  }
}
