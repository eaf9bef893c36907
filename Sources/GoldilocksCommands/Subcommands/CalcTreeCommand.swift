import ArgumentParser

/// `calc tree`: train one decision tree (CART) and measure it.
struct CalcTreeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tree",
    abstract: "Train one decision tree (CART) and measure it."
  )

  @OptionGroup var global: GlobalOptions
  @Option(help: "The dataset (see `calc datasets`).") var dataset: String
  @Option(name: .customLong("max-depth"), help: "Deepest level of the tree.") var maxDepth: Int?

  mutating func run() throws {
    try notAvailableYet("calc tree")
  }
}
