import ArgumentParser

/// `calc train`: train a model on a dataset and measure it.
struct CalcTrainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "train",
    abstract: "Train a model on a dataset and measure it."
  )

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The model in the spec language (quote it).") var spec: [String]
  @Option(help: "The dataset (see `calc datasets`).") var dataset: String
  @Option(help: "Passes over the training split.") var epochs: Int = 5
  @Option(help: "Examples per step.") var batch: Int = 32
  @Option(help: "adam or sgd.") var optimizer: String = "adam"
  @Option(help: "Learning rate.") var lr: Double?
  @Option(help: "L1 penalty.") var l1: Double = 0
  @Option(help: "L2 penalty.") var l2: Double = 0

  mutating func run() throws {
    try notAvailableYet("calc train")
  }
}
