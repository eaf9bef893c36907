import ArgumentParser
import Engine
import Foundation
import Lab

/// `calc forest`: train a random forest and measure its size and speed.
struct CalcForestCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "forest",
    abstract: "Train a random forest and measure its size and speed.",
    discussion: """
      Grows the trees on the training split (bootstrap samples, √features tried
      per split on classes, as scikit-learn's defaults) on every core, then
      measures on the held-out
      split: accuracy (R² for regression), nodes, the bytes of the compact file
      the forest is written to and read back from, batch-1 latency (p50/p95/p99)
      and batched throughput. Parameters count the numbers the trees store: one
      threshold per split and each leaf's class (or its probabilities when it is
      impure).
      """
  )

  @OptionGroup var global: GlobalOptions
  @Option(parsing: .unconditional, help: "Number of trees.") var trees: Int
  @Option(name: .customLong("max-depth"), parsing: .unconditional, help: "Deepest level of a tree.")
  var maxDepth: Int?
  @Option(help: "The dataset (see `calc datasets`).") var dataset: String
  @Option(
    name: .customLong("min-samples-leaf"),
    parsing: .unconditional,
    help: "Fewest training examples a leaf may keep."
  ) var minSamplesLeaf: Int = 1
  @Option(parsing: .unconditional, help: "Timed one-row predictions.") var runs: Int = 1_000

  func validate() throws {
    try ClassicalReport.check("--trees", trees, in: 1...2_000)
    if let maxDepth { try ClassicalReport.check("--max-depth", maxDepth, in: 1...100) }
    try ClassicalReport.check("--min-samples-leaf", minSamplesLeaf, in: 1...100_000)
    try ClassicalReport.check("--runs", runs, in: 1...1_000_000)
  }

  mutating func run() throws {
    let context = CommandContext(global)
    let report = ClassicalReport(context: context)
    let data = try report.data(dataset)
    let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
    let parameters = RandomForest.Parameters(
      treeCount: trees,
      tree: TreeParameters(
        criterion: data.isClassification ? .gini : .squaredError,
        maxDepth: maxDepth,
        minSamplesLeaf: minSamplesLeaf,
        maxFeatures: data.isClassification ? .sqrt : .all
      ),
      seed: context.seed,
      threads: cores
    )
    let trained = try ClassicalLab.trainForest(data, parameters: parameters)
    let result = try ClassicalLab.measure(
      trained.model,
      on: data,
      trainSeconds: trained.seconds,
      latencyRuns: runs
    )
    let depthText = maxDepth.map { " max-depth \($0)" } ?? ""
    try report.finish(
      result,
      command: "calc forest",
      settings:
        "forest trees=\(trees)\(maxDepth.map { " max_depth=\($0)" } ?? "") dataset=\(dataset)",
      title: "Random forest of \(trees) trees\(depthText) on \(dataset)",
      notes: [
        "(trained on \(cores) core\(cores == 1 ? "" : "s"); written to a file, read back and "
          + "checked: same bytes, same predictions)"
      ]
    )
  }
}
