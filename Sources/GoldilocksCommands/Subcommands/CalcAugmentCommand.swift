import ArgumentParser

/// `calc augment`: train with image augmentation and compare with none.
struct CalcAugmentCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "augment",
    abstract: "Train with image augmentation and compare with none."
  )

  @OptionGroup var global: GlobalOptions
  @Option(help: "The dataset (see `calc datasets`).") var dataset: String
  @Option(help: "shift, rotate, flip, noise (comma-separated).") var ops: String =
    "shift,rotate,noise"

  mutating func run() throws {
    try notAvailableYet("calc augment")
  }
}
