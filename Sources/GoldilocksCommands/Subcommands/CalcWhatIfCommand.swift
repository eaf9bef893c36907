import ArgumentParser

/// `calc whatif`: change a model and measure both: params, size, memory, accuracy, latency.
struct CalcWhatIfCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "whatif",
    abstract: "Change a model and measure both: params, size, memory, accuracy, latency."
  )

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The model, then changes such as quantize=int8, prune=0.5, width=x2.") var words:
    [String]
  @Option(help: "The dataset (see `calc datasets`).") var dataset: String?

  mutating func run() throws {
    try notAvailableYet("calc whatif")
  }
}
