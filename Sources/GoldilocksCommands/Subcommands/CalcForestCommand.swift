import ArgumentParser

/// `calc forest`: train a random forest and measure its size and speed.
struct CalcForestCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "forest",
    abstract: "Train a random forest and measure its size and speed."
  )

  @OptionGroup var global: GlobalOptions
  @Option(help: "Number of trees.") var trees: Int
  @Option(name: .customLong("max-depth"), help: "Deepest level of a tree.") var maxDepth: Int?
  @Option(help: "The dataset (see `calc datasets`).") var dataset: String

  mutating func run() throws {
    try notAvailableYet("calc forest")
  }
}
