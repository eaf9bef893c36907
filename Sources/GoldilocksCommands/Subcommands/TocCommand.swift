import ArgumentParser
import Curriculum
import Foundation
import ProgressStore
import Terminal

/// `toc`: chapters and sections, with read/unread marks.
struct TocCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "toc",
    abstract: "Chapters and sections, with read/unread marks."
  )

  @OptionGroup var global: GlobalOptions
  @Option(help: "Mark what is out of scope for this exam: c01 or c02.") var exam: Exam = .c02

  mutating func run() throws {
    let context = CommandContext(global)
    let library = try context.session.library()
    let store = try context.store()
    let profile = try context.profile(in: store)
    let contents = TableOfContents(
      library: library,
      read: try store.readSectionIds(profileId: profile.id ?? -1),
      exam: exam
    )
    if context.json {
      try context.printJSON(contents.entries)
      return
    }
    for line in contents.lines(color: context.color) { context.output.line(line) }
    context.output.line()
    context.say("`read` opens the next unread section; `read ID` opens one by id or title.")
  }
}
