import ArgumentParser
import Engine
import Lab

/// `calc boost`: train gradient-boosted trees and measure them.
struct CalcBoostCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "boost",
    abstract: "Train gradient-boosted trees and measure them.",
    discussion: """
      Each round fits small trees to the residuals of the rounds before (one tree
      per class per round when there are more than two classes), so the model
      holds rounds × (classes > 2 ? classes : 1) trees, each capped by
      --max-depth.
      """
  )

  @OptionGroup var global: GlobalOptions
  @Option(help: "The dataset (see `calc datasets`).") var dataset: String
  @Option(parsing: .unconditional, help: "Boosting rounds.") var rounds: Int = 100
  @Option(name: .customLong("max-depth"), parsing: .unconditional, help: "Depth of each tree.")
  var maxDepth: Int = 3
  @Option(
    name: .customLong("learning-rate"),
    parsing: .unconditional,
    help: "Shrinkage of every tree."
  )
  var learningRate: Double = 0.1
  @Option(parsing: .unconditional, help: "Timed one-row predictions.") var runs: Int = 1_000

  func validate() throws {
    try ClassicalReport.check("--rounds", rounds, in: 1...5_000)
    try ClassicalReport.check("--max-depth", maxDepth, in: 1...32)
    try ClassicalReport.check("--learning-rate", learningRate, in: 0.000_001...1)
    try ClassicalReport.check("--runs", runs, in: 1...1_000_000)
  }

  mutating func run() throws {
    let context = CommandContext(global)
    let report = ClassicalReport(context: context)
    let data = try report.data(dataset)
    let trained = try ClassicalLab.trainBoosted(
      data,
      parameters: GradientBoostedTrees.Parameters(
        rounds: rounds,
        learningRate: Float(learningRate),
        maxDepth: maxDepth,
        seed: context.seed
      )
    )
    let result = try ClassicalLab.measure(
      trained.model,
      on: data,
      trainSeconds: trained.seconds,
      latencyRuns: runs
    )
    let perRound = rounds > 0 ? (result.trees ?? 0) / rounds : 0
    try report.finish(
      result,
      command: "calc boost",
      settings: "boost rounds=\(rounds) max_depth=\(maxDepth) learning_rate=\(learningRate) "
        + "dataset=\(dataset)",
      title: "Gradient-boosted trees: \(rounds) rounds of depth \(maxDepth) on \(dataset)",
      notes: [
        "(\(perRound) tree\(perRound == 1 ? "" : "s") per round; learning rate \(learningRate))"
      ]
    )
  }
}
