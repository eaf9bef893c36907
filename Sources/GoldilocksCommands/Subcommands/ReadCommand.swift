import ArgumentParser
import Curriculum
import ProgressStore

/// `read [SECTION]`: a section by id or title prefix; with none, the next unread one.
struct ReadCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "read",
    abstract: "Read a section by id or title prefix; no argument: the next unread one."
  )

  @OptionGroup var global: GlobalOptions
  @Argument(help: "A section id or the start of its title.") var section: [String] = []

  mutating func run() throws {
    let context = CommandContext(global)
    let library = try context.session.library()
    let target: Section
    if section.isEmpty {
      let store = try context.store()
      let profile = try context.profile(in: store)
      let read = try store.readSectionIds(profileId: profile.id ?? -1)
      guard let next = library.sections.first(where: { !read.contains($0.id) }) else {
        context.say("You have read every section. `quiz` drills them; `review` keeps them fresh.")
        return
      }
      target = next
    } else {
      let query = section.joined(separator: " ")
      guard let found = library.section(matching: query) else {
        throw ContentError.unknownSection(query)
      }
      target = found
    }
    try SectionReader(context: context).show(target, in: library)
  }
}
