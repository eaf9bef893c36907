import ArgumentParser

/// `whatif`: what if the last model changed? (the REPL form of `calc whatif`).
struct WhatIfCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "whatif",
    abstract: "What if the last model changed? (the REPL form of `calc whatif`)."
  )

  @OptionGroup var global: GlobalOptions
  @Argument(help: "Changes such as quantize=int8, prune=0.5, width=x2.") var changes: [String]
  @Option(help: "The dataset to train and measure on.") var dataset: String?

  mutating func run() throws {
    try notAvailableYet("whatif")
  }
}
