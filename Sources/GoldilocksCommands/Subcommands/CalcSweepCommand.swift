import ArgumentParser

/// `calc sweep`: train and measure a model at several sizes and chart the results.
struct CalcSweepCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sweep",
    abstract: "Train and measure a model at several sizes and chart the results."
  )

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The model in the spec language (quote it).") var spec: [String]
  @Option(help: "NAME=V1,V2,... with NAME width, depth, sparsity or bits.") var vary: String
  @Option(help: "The dataset (see `calc datasets`).") var dataset: String?
  @Option(help: "Also write the points as CSV.") var csv: String?
  @Option(help: "Also write the chart as SVG.") var svg: String?

  mutating func run() throws {
    try notAvailableYet("calc sweep")
  }
}
