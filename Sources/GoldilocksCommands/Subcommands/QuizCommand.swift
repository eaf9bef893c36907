import ArgumentParser
import Curriculum
import Engine
import Foundation
import ProgressStore
import Terminal

/// `quiz`: questions drawn weakest topics first, graded with explanations.
struct QuizCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "quiz",
    abstract: "Answer questions on what you have read, weakest topics first.",
    discussion: """
      By default the questions come from the sections you have read (--all asks
      about everything; --topic about one topic, read or not). Topics you have
      read come weakest first, ties in the order of the book. Answer with a letter (A), several letters (A C), an order (C A B), pairs (1B
      2A) or a number; `hint` gives up to three graded hints, `skip` shows the
      answer, `quit` stops. Every answer is saved before the next question and
      becomes a spaced-repetition card (`review`).
      """
  )

  @OptionGroup var global: GlobalOptions
  @Option(help: "Only questions of this topic.") var topic: String?
  @Option(parsing: .unconditional, help: "How many questions.") var count: Int = 10
  @Option(help: "Only questions in scope for this exam: c01 or c02.") var exam: Exam?
  @Flag(help: "Ask about every section, read or not.") var all = false

  func validate() throws {
    guard count > 0 else { throw GoldilocksError.invalidValue("--count must be at least 1") }
  }

  mutating func run() throws {
    let context = CommandContext(global)
    let library = try context.session.library()
    try QuizDraw.requireTopic(topic, in: library)
    let store = try context.store()
    let profileId = try context.profile(in: store).id ?? 0
    let draw = try QuizDraw(
      library: library,
      store: store,
      profileId: profileId,
      filter: (topic, exam, all),
      count: count,
      seed: context.seed,
      now: context.now
    )
    if let reason = draw.emptyReason {
      context.say(reason)
      return
    }
    let tally = try QuizRound(context: context, store: store, profileId: profileId).ask(
      draw.questions
    )
    try summarize(right: tally.right, asked: tally.asked, context: context)
  }

  private func summarize(right: Int, asked: Int, context: CommandContext) throws {
    if context.json {
      struct Summary: Encodable {
        let asked: Int
        let right: Int
      }
      try context.printJSON(Summary(asked: asked, right: right))
      return
    }
    context.output.line()
    guard asked > 0 else {
      context.output.line("No answers recorded.")
      return
    }
    let percent = Int((Double(right) * 100 / Double(asked)).rounded())
    context.output.line(
      context.color.apply(.bold, to: "Score: \(right) of \(asked) (\(percent)%).")
        + " Your answers are saved; `review` brings them back when they are due."
    )
  }
}
