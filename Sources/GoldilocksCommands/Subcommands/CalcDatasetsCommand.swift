import ArgumentParser

/// `calc datasets`: the shipped datasets and generators with their shapes and splits.
struct CalcDatasetsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "datasets",
    abstract: "The datasets: names, shapes, classes and split sizes."
  )

  @OptionGroup var global: GlobalOptions

  mutating func run() throws {
    try notAvailableYet("calc datasets")
  }
}
