import Engine
import Testing

@Suite struct EngineErrorTests {
  @Test func memoryBudgetMessageNamesTheSize() {
    let error = EngineError.memoryBudgetExceeded(needed: 4096, budget: 1024, what: "the weights")
    #expect(error.description.contains("4096 bytes"))
    #expect(error.description.contains("--memory-budget"))
  }
}
