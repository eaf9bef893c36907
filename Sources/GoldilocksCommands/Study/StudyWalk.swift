import Curriculum
import Foundation
import ProgressStore
import Terminal

/// A walk along the study path: from the first section not finished (not read, or read
/// with questions never answered), in book order, each section is read, its try line is
/// offered and its questions are asked; every step is stored, so a later walk resumes.
struct StudyWalk {
  let context: CommandContext
  let store: any ProgressStoring
  let profileId: Int64
  let library: ContentLibrary
  /// Stop after this many sections (`nil`: walk to the end or until the learner quits).
  let sections: Int?

  /// Walks until the path ends, `sections` are done or the learner quits.
  func walk() throws {
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
        guard let correct = try recorder.record(outcome, question: question, mode: "study")
        else {
          stopped(right: right, asked: asked, context: interaction)
          return
        }
        if correct { right += 1 }
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
