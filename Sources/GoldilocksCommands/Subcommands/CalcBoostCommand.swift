import ArgumentParser

/// `calc boost`: train gradient-boosted trees and measure them.
struct CalcBoostCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "boost",
    abstract: "Train gradient-boosted trees and measure them."
  )

  @OptionGroup var global: GlobalOptions
  @Option(help: "The dataset (see `calc datasets`).") var dataset: String
  @Option(help: "Boosting rounds.") var rounds: Int = 100
  @Option(name: .customLong("max-depth"), help: "Depth of each tree.") var maxDepth: Int = 3

  mutating func run() throws {
    try notAvailableYet("calc boost")
  }
}
