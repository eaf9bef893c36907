import ArgumentParser

/// `calc prune`: prune a trained model and measure before and after.
struct CalcPruneCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "prune",
    abstract: "Prune a trained model and measure before and after."
  )

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The model in the spec language (quote it).") var spec: [String]
  @Option(help: "The dataset (see `calc datasets`).") var dataset: String
  @Option(help: "Fraction of weights to remove, in [0, 1).") var sparsity: Double
  @Flag(help: "Remove whole neurons or filters.") var structured = false
  @Flag(name: .customLong("global"), help: "Rank weights across all layers at once.")
  var globalRanking = false
  @Option(help: "polynomial or constant.") var schedule: String?
  @Option(name: .customLong("finetune-epochs"), help: "Epochs of fine-tuning with masks.")
  var finetuneEpochs: Int = 2

  mutating func run() throws {
    try notAvailableYet("calc prune")
  }
}
