import ArgumentParser

/// `calc summary`: a Keras-like table of a model with totals, bytes and memory.
struct CalcSummaryCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "summary",
    abstract: "Parameters, shapes, MACs, bytes and memory of a model, layer by layer."
  )

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The model in the spec language (quote it).") var spec: [String]

  mutating func run() throws {
    try notAvailableYet("calc summary")
  }
}
