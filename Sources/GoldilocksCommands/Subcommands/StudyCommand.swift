import ArgumentParser
import Curriculum
import Foundation
import ProgressStore
import Terminal

/// `study`: walks the study path, one section at a time: read it, run its try line,
/// answer its questions, then go on; resumable, because every step is in the store.
struct StudyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "study",
    abstract: "Walk the study path: read the next section, try it, answer its questions.",
    discussion: """
      Starts at the first section you have not finished (not read, or read with
      questions never answered) and goes on in the order of the book. After each
      section: Enter runs its try line (`skip` skips it), then its questions are
      asked with hints and explanations, then Enter reads the next section.
      `quit` stops at any prompt; `study` later resumes where you stopped.
      """
  )

  @OptionGroup var global: GlobalOptions
  @Option(parsing: .unconditional, help: "Stop after this many sections.") var sections: Int?

  mutating func run() throws {
    let context = CommandContext(global)
    if let sections, sections < 1 {
      throw GoldilocksError.invalidValue("--sections must be at least 1; got \(sections)")
    }
    let library = try context.session.library()
    let store = try context.store()
    let profileId = try context.profile(in: store).id ?? 0
    let interaction = context.forInteraction()
    let input = AnswerInput(context: interaction)
    let asker = QuestionAsker(context: interaction, input: input)
    let recorder = AnswerRecorder(store: store, profileId: profileId, clock: context.clock)
    var walked = 0
    var right = 0
    var asked = 0
    while true {
      let readIds = try store.readSectionIds(profileId: profileId)
      let answered = Set(try store.attempts(profileId: profileId).map(\.questionId))
      guard
        let (section, resuming) = StudyPlan.nextSection(
          library: library,
          readIds: readIds,
          answeredIds: answered
        )
      else {
        interaction.output.line()
        let plan = try StudyPlan.load(context: context)
        interaction.say(
          "You have walked the whole path: every section read and its questions answered. Next step: `\(plan.command)`: \(plan.reason)"
        )
        break
      }
      if resuming {
        let position = (library.sections.firstIndex { $0.id == section.id } ?? 0) + 1
        interaction.output.line(
          interaction.color.apply(
            .dim,
            to: "Study path · section \(position) of \(library.sections.count) · resuming"
          )
        )
      }
      if resuming {
        interaction.say(
          "You read “\(section.title)” (\(section.id)); its questions come next (`read \(section.id)` shows it again)."
        )
      } else {
        try SectionReader(context: interaction).show(section, in: library)
        if let command = section.tryCommands.first {
          guard try offerTry(command, input: input, context: interaction) else {
            stopped(right: right, asked: asked, context: interaction)
            return
          }
        }
      }
      let questions = library.questions.filter {
        $0.section == section.id && !answered.contains($0.id)
      }
      for (index, question) in questions.enumerated() {
        let outcome = asker.ask(
          question,
          number: index + 1,
          of: questions.count,
          showScenario: true
        )
        switch outcome {
        case .quit:
          stopped(right: right, asked: asked, context: interaction)
          return
        case .skipped(let seconds):
          try recorder.record(
            question: question,
            answer: "(skipped)",
            correct: false,
            seconds: seconds,
            mode: "study",
            rating: .again,
            updateSchedule: true
          )
        case .answered(let grade, let hints, let seconds):
          try recorder.record(
            question: question,
            answer: grade.normalized,
            correct: grade.isCorrect,
            seconds: seconds,
            mode: "study",
            rating: AnswerRecorder.defaultRating(correct: grade.isCorrect, hints: hints),
            updateSchedule: true
          )
          if grade.isCorrect { right += 1 }
        }
        asked += 1
      }
      walked += 1
      if let sections, walked >= sections {
        stopped(right: right, asked: asked, context: interaction)
        return
      }
      interaction.output.line()
      let next = input.line(
        prompt: interaction.color.apply(.dim, to: "[Enter: next section; `quit` stops] ")
      )
      guard let next, !["quit", "q"].contains(next.lowercased()) else {
        stopped(right: right, asked: asked, context: interaction)
        return
      }
    }
    if asked > 0 { summary(right: right, asked: asked, context: interaction) }
  }

  /// Offers the section's try line; returns false when the learner stops.
  private func offerTry(_ command: String, input: AnswerInput, context: CommandContext) throws
    -> Bool
  {
    context.output.line()
    context.output.line(
      "Try it: " + context.color.apply(.bold, to: "goldilocks \(command)")
    )
    let reply = input.line(
      prompt: context.color.apply(.dim, to: "[Enter: run it; `skip`; `quit` stops] ")
    )
    guard let reply else { return false }
    switch reply.lowercased() {
    case "quit", "q":
      return false
    case "skip", "s":
      return true
    default:
      let words = try CommandLineSplitter.split(command)
      context.output.line(context.color.apply(.green, .bold, to: "▶ ") + "goldilocks " + command)
      let status = CommandRunner.run(words, in: context.session)
      if status != 0 {
        context.output.line("(That command did not finish; the path goes on.)")
      }
      return true
    }
  }

  private func stopped(right: Int, asked: Int, context: CommandContext) {
    context.output.line()
    if asked > 0 { summary(right: right, asked: asked, context: context) }
    context.say("Stopped. `study` resumes where you left off.")
  }

  private func summary(right: Int, asked: Int, context: CommandContext) {
    context.output.line(
      "This session: \(right) of \(Plural.count(asked, "answer")) right; each is now a review card."
    )
  }
}
