import ArgumentParser
import Curriculum
import ProgressStore

/// `next`: the section after the one read last.
struct NextCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "next",
    abstract: "Read the section after the one read last."
  )

  @OptionGroup var global: GlobalOptions

  mutating func run() throws {
    try StepReader(context: CommandContext(global)).read(offset: 1)
  }
}

/// Moves through the sections relative to the one read last.
struct StepReader {
  let context: CommandContext

  func read(offset: Int) throws {
    let library = try context.session.library()
    let store = try context.store()
    let profile = try context.profile(in: store)
    guard let id = profile.id, let last = try store.lastReadSectionId(profileId: id) else {
      guard let first = library.sections.first else { return }
      try SectionReader(context: context).show(first, in: library)
      return
    }
    guard let target = library.section(after: last, offset: offset) else {
      guard offset > 0 else {
        context.say("That was the first section.")
        return
      }
      let plan = try StudyPlan.load(context: context)
      context.say("That was the last section. Next step: `\(plan.command)`: \(plan.reason)")
      return
    }
    try SectionReader(context: context).show(target, in: library)
  }
}
