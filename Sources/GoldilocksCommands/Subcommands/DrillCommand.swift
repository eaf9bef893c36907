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
    let template = kind
    let store = try context.store()
    let profileId = try context.profile(in: store).id ?? 0
    let recorder = AnswerRecorder(store: store, profileId: profileId, clock: context.clock)
    var generator = QuestionGenerator(
      seed: global.seed ?? UInt64(context.now.timeIntervalSince1970 * 1000)
    )
    let interaction = context.forInteraction()
    let input = AnswerInput(context: interaction)
    let asker = QuestionAsker(context: interaction, input: input)
    var asked = 0
    var right = 0
    while count.map({ asked < $0 }) ?? true {
      let question = try generator.next(template)
      switch asker.ask(question, number: asked + 1, of: count, showScenario: false) {
      case .quit:
        context.output.line(Self.score(right: right, asked: asked))
        return
      case .skipped(let seconds):
        try recorder.record(
          question: question,
          answer: "(skipped)",
          correct: false,
          seconds: seconds,
          mode: "drill",
          rating: nil,
          updateSchedule: false
        )
      case .answered(let grade, _, let seconds):
        try recorder.record(
          question: question,
          answer: grade.normalized,
          correct: grade.isCorrect,
          seconds: seconds,
          mode: "drill",
          rating: nil,
          updateSchedule: false
        )
        if grade.isCorrect { right += 1 }
      }
      asked += 1
    }
    context.output.line(Self.score(right: right, asked: asked))
  }

  /// "Drill: 2 of 3 right." or, when no question was answered, says so.
  static func score(right: Int, asked: Int) -> String {
    asked == 0 ? "Drill: no questions answered." : "Drill: \(right) of \(asked) right."
  }
}
