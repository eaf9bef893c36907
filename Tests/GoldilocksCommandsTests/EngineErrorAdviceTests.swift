import Engine
import Testing

@testable import GoldilocksCommands

/// The engine refuses a setting by value; the command layer names the option that sets it.
@Suite struct EngineErrorAdviceTests {
  /// A command line that offers the option for each setting.
  private func command(for setting: Hyperparameter) -> String {
    switch setting {
    case .epochs, .batchSize, .optimizer, .learningRate, .weightPenalty:
      "calc train seed-mlp "
    case .sparsity, .structuredFraction, .fineTuningEpochs: "calc prune seed-mlp "
    case .temperature, .alpha: "calc distill "
    case .augmentedCopies: "calc augment "
    }
  }

  @Test(arguments: Hyperparameter.allCases)
  func anOutOfRangeSettingIsAdvisedWithAnOptionTheCommandHas(_ setting: Hyperparameter) throws {
    let error = EngineError.outOfRange(setting, value: "7", allowed: "between 1 and 2")
    let advice = try #require(EngineErrorAdvice.describe(error))
    #expect(advice.hasSuffix(": \(setting.phrase) must be between 1 and 2, got 7"))
    let options = EngineErrorAdvice.option(for: setting).split(separator: "/").map(String.init)
    #expect(advice.hasPrefix(options.joined(separator: "/") + ": "))
    let offered = CompletionProvider.standard().candidates(
      lineBeforeWord: command(for: setting),
      word: "--"
    )
    for option in options {
      #expect(offered.contains(option), "\(option) is not an option of `\(command(for: setting))`")
    }
  }

  @Test func aBadTrainingValueIsOneErrorLineNamingItsOption() {
    let text = CommandRunner.describe(
      EngineError.outOfRange(.learningRate, value: "-1.0", allowed: "above 0")
    )
    #expect(text == "--lr: the learning rate must be above 0, got -1.0")
  }
}
