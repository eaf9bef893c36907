import ArgumentParser

/// `calc datasize`: train on growing fractions of a dataset: size vs time vs accuracy.
struct CalcDataSizeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "datasize",
    abstract: "Train on growing fractions of a dataset: size vs time vs accuracy."
  )

  @OptionGroup var global: GlobalOptions
  @Option(help: "The dataset (see `calc datasets`).") var dataset: String
  @Option(help: "Fractions of the training split, e.g. 0.01,0.1,1.") var fractions: String =
    "0.01,0.1,1"

  mutating func run() throws {
    try notAvailableYet("calc datasize")
  }
}
