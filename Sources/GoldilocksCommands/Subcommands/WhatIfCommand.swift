import ArgumentParser
import Engine

/// `whatif`: what if the last model changed? (the REPL form of `calc whatif`).
struct WhatIfCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "whatif",
    abstract: "What if the last model changed? (the REPL form of `calc whatif`).",
    discussion: "Works on the last model you built (with calc summary, train, try, ...).\n\n"
      + WhatIfRun.changesHelp
  )

  @OptionGroup var global: GlobalOptions
  @Argument(help: "Changes such as quantize=int8, prune=0.5, width=x2.") var changes: [String]
  @Option(help: "The dataset to train and measure on.") var dataset: String?
  @OptionGroup(title: "Training") var training: TrainingOptions

  mutating func run() throws {
    let context = CommandContext(global)
    guard let spec = context.session.lastSpec else {
      throw GoldilocksError.invalidValue(
        "there is no model yet to change; build one first (e.g. calc summary seed-mlp) or use calc whatif SPEC CHANGE..."
      )
    }
    try WhatIfRun(context: context).run(
      spec: SpecInput([spec]),
      changes: changes,
      datasetName: dataset,
      recipe: try training.validatedRecipe(seed: context.seed)
    )
  }
}
