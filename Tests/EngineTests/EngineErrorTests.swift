import Engine
import Foundation
import Lab
import Testing

@Suite struct EngineErrorTests {
  @Test func memoryBudgetMessageNamesTheSizeButNoCommandLineFlag() {
    let error = EngineError.memoryBudgetExceeded(needed: 4096, budget: 1024, what: "the weights")
    #expect(error.description.contains("4,096 bytes"))
    #expect(error.description.contains("4.1 kB"))
    #expect(error.description.contains("1.0 kB"))
    // Only the command layer knows the option that raises the budget.
    #expect(!error.description.contains("--"))
  }

  @Test func byteCountsReadInDecimalUnits() {
    #expect(EngineError.byteText(999) == "999 bytes")
    #expect(EngineError.byteText(40_000_000_032) == "40.0 GB")
    #expect(EngineError.byteText(6_300_000_000) == "6.3 GB")
    #expect(EngineError.byteText(1_397_346_451_456) == "1.4 TB")
  }

  @Test func labRefusalsNameTheValueNotACommandLineFlag() throws {
    let network = try Network(inputShape: [4], layers: [.dense(units: 3)], seed: 1)
    for attempt in [
      { _ = try ModelPruner.masks(network, sparsity: .nan, global: false) },
      { _ = try StructuredPruner.pruneWithReport(network: network, fraction: 2) },
      { try DistillationLoss(temperature: -1, alpha: 0.5).validate() },
      { try DistillationLoss(temperature: 4, alpha: 9).validate() },
      { try TrainingRecipe(learningRate: -1).validate() },
      { _ = try ImageAugmentation.operations(",") },
      { _ = try DataSizeStudy.fractions("a") },
      { _ = try SweepPlan.parse("width=1") },
      { _ = try SweepPlan.parse("nothing") },
    ] as [() throws -> Void] {
      do {
        try attempt()
        Issue.record("a bad value was accepted")
      } catch {
        #expect(!"\(error)".contains("--"), "\(error)")
      }
    }
  }

  @Test func outOfRangeRefusalsCarryTheSettingTheValueAndTheRange() throws {
    let network = try Network(inputShape: [4], layers: [.dense(units: 3)], seed: 1)
    let cases: [(Hyperparameter, String, () throws -> Void)] = [
      (.epochs, "0", { try TrainingRecipe(epochs: 0).validate() }),
      (.batchSize, "70000", { try TrainingRecipe(batchSize: 70_000).validate() }),
      (.optimizer, "rmsprop", { try TrainingRecipe(optimizer: "rmsprop").validate() }),
      (.learningRate, "-1.0", { try TrainingRecipe(learningRate: -1).validate() }),
      (.weightPenalty, "l1 2.0, l2 0.0", { try TrainingRecipe(l1: 2).validate() }),
      (.sparsity, "1.5", { _ = try ModelPruner.masks(network, sparsity: 1.5, global: false) }),
      (
        .structuredFraction, "2.0",
        { _ = try StructuredPruner.pruneWithReport(network: network, fraction: 2) }
      ),
      (.temperature, "-1.0", { try DistillationLoss(temperature: -1, alpha: 0.5).validate() }),
      (.alpha, "9.0", { try DistillationLoss(temperature: 4, alpha: 9).validate() }),
    ]
    for (setting, value, attempt) in cases {
      do {
        try attempt()
        Issue.record("\(setting): a bad value was accepted")
      } catch let error as EngineError {
        guard case .outOfRange(let named, let given, let allowed) = error else {
          Issue.record("\(setting): expected outOfRange, got \(error)")
          continue
        }
        #expect(named == setting)
        #expect(given == value)
        #expect(error.description == "\(setting.phrase) must be \(allowed), got \(value)")
        #expect(!error.description.contains("--"))
      }
    }
  }

  /// The engine says what a language model or a text corpus cannot be used for; the
  /// commands that can use them are the command layer's advice (`EngineErrorAdvice`).
  @Test func languageModelRefusalsNameNoCommand() throws {
    var refusals: [any Error] = []
    do {
      _ = try DatasetCatalog(directory: URL(fileURLWithPath: "/nonexistent")).load("shakespeare")
    } catch {
      refusals.append(error)
    }
    #expect(refusals.first as? DatasetError == .textCorpus(name: "shakespeare"))
    refusals.append(EngineError.languageModelOnly(model: "tiny-gpt", action: "time"))
    for error in refusals {
      #expect(!"\(error)".contains("--"), "\(error)")
      #expect(!"\(error)".contains("calc "), "\(error)")
    }
  }
}
