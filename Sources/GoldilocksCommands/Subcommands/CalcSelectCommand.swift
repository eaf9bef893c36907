import ArgumentParser

/// `calc select`: select features (ANOVA F or RFE) and measure the smaller model.
struct CalcSelectCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "select",
    abstract: "Select features (ANOVA F or RFE) and measure the smaller model."
  )

  @OptionGroup var global: GlobalOptions
  @Option(help: "The dataset (see `calc datasets`).") var dataset: String
  @Option(help: "Features to keep.") var k: Int
  @Option(help: "anova or rfe.") var method: String = "anova"

  mutating func run() throws {
    try notAvailableYet("calc select")
  }
}
