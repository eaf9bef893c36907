import ArgumentParser
import Curriculum
import Foundation
import ProgressStore
import Terminal

/// `drill`: unlimited calculation questions generated and graded by the engine.
struct DrillCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "drill",
    abstract: "Unlimited calculation questions whose answers the engine computes.",
    discussion: """
      Parameter counts of random layers, output shapes, bytes at a precision, Adam
      memory, MACs. Each answer is graded by the engine and explained with the
      worked formula. Runs until `quit` (or --count questions).
      """
  )

  @OptionGroup var global: GlobalOptions
  @Option(help: "Stop after this many questions (default: until quit).") var count: Int?
  @Option(help: "Only questions of this kind.") var kind: QuestionGenerator.Template?

  mutating func run() throws {
    let context = CommandContext(global)
    let store = try context.store()
    let tally = try DrillSession(
      context: context,
      store: store,
      profileId: try context.profile(in: store).id ?? 0
    ).run(
      template: kind,
      count: count,
      seed: global.seed ?? UInt64(context.now.timeIntervalSince1970 * 1000)
    )
    context.output.line(Self.score(right: tally.right, asked: tally.asked))
  }

  /// "Drill: 2 of 3 right." or, when no question was answered, says so.
  static func score(right: Int, asked: Int) -> String {
    asked == 0 ? "Drill: no questions answered." : "Drill: \(right) of \(asked) right."
  }
}
