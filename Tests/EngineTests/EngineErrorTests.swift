import Engine
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
}
