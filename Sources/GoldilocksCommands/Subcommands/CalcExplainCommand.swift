import ArgumentParser

/// `calc explain`: each layer's formula with the numbers filled in.
struct CalcExplainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "explain",
    abstract: "Each layer's parameter formula with the numbers filled in."
  )

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The model in the spec language (quote it).") var spec: [String]

  mutating func run() throws {
    try notAvailableYet("calc explain")
  }
}
