import ArgumentParser
import Engine
import Lab

/// `calc tree`: train one decision tree (CART) and measure it.
struct CalcTreeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tree",
    abstract: "Train one decision tree (CART) and measure it.",
    discussion: """
      Without --max-depth or --min-samples-leaf the tree grows until every leaf is
      pure, as scikit-learn's default does: the node count, and so the file, grows
      with the data. On a regression set the split criterion is squared error.
      """
  )

  @OptionGroup var global: GlobalOptions
  @Option(help: "The dataset (see `calc datasets`).") var dataset: String
  @Option(
    name: .customLong("max-depth"),
    parsing: .unconditional,
    help: "Deepest level of the tree."
  ) var maxDepth: Int?
  @Option(help: "How a split is scored (classification).") var criterion: TreeCriterion = .gini
  @Option(
    name: .customLong("min-samples-leaf"),
    parsing: .unconditional,
    help: "Fewest training examples a leaf may keep."
  ) var minSamplesLeaf: Int = 1
  @Option(parsing: .unconditional, help: "Timed one-row predictions.") var runs: Int = 1_000

  func validate() throws {
    if let maxDepth { try ClassicalReport.check("--max-depth", maxDepth, in: 1...100) }
    try ClassicalReport.check("--min-samples-leaf", minSamplesLeaf, in: 1...100_000)
    try ClassicalReport.check("--runs", runs, in: 1...1_000_000)
  }

  mutating func run() throws {
    let context = CommandContext(global)
    let report = ClassicalReport(context: context)
    let data = try report.data(dataset)
    let trained = try ClassicalLab.trainTree(
      data,
      parameters: TreeParameters(
        criterion: criterion.splitCriterion,
        maxDepth: maxDepth,
        minSamplesLeaf: minSamplesLeaf,
        seed: context.seed
      )
    )
    let result = try ClassicalLab.measure(
      trained.model,
      on: data,
      trainSeconds: trained.seconds,
      latencyRuns: runs
    )
    let used = data.isClassification ? criterion.rawValue : "squared error"
    try report.finish(
      result,
      command: "calc tree",
      settings: "tree criterion=\(used)\(maxDepth.map { " max_depth=\($0)" } ?? "")"
        + " min_samples_leaf=\(minSamplesLeaf) dataset=\(dataset)",
      title:
        "Decision tree (\(used)\(maxDepth.map { ", max-depth \($0)" } ?? ", fully grown")) on \(dataset)"
    )
  }

}
