import ArgumentParser

/// `calc linear`: train a linear or logistic model with L1/L2 and count its zero weights.
struct CalcLinearCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "linear",
    abstract: "Train a linear or logistic model with L1/L2 and count its zero weights."
  )

  @OptionGroup var global: GlobalOptions
  @Option(help: "The dataset (see `calc datasets`).") var dataset: String
  @Option(help: "L1 penalty.") var l1: Double = 0
  @Option(help: "L2 penalty.") var l2: Double = 0

  mutating func run() throws {
    try notAvailableYet("calc linear")
  }
}
