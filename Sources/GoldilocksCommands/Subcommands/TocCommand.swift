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
    let read = try store.readSectionIds(profileId: profile.id ?? -1)
    if context.json {
      struct Entry: Encodable {
        let id: String
        let title: String
        let minutes: Int
        let inScope: Bool
        let sections: [SectionEntry]
        enum CodingKeys: String, CodingKey {
          case id, title, minutes, sections
          case inScope = "in_scope"
        }
      }
      struct SectionEntry: Encodable {
        let id: String
        let title: String
        let read: Bool
      }
      try context.printJSON(
        library.chapters.map { chapter in
          Entry(
            id: chapter.id,
            title: chapter.title,
            minutes: chapter.minutes,
            inScope: chapter.exams[exam]?.inScope ?? true,
            sections: chapter.sections.map {
              SectionEntry(id: $0.id, title: $0.title, read: read.contains($0.id))
            }
          )
        }
      )
      return
    }
    let color = context.color
    let total = library.sections.count
    let done = library.sections.filter { read.contains($0.id) }.count
    context.output.line(
      color.apply(.bold, to: "Contents")
        + "  (\(done) of \(total) sections read; marks for \(exam.code))"
    )
    for (number, chapter) in library.chapters.enumerated() {
      var line = "\(String(format: "%2d", number + 1)). \(color.apply(.bold, to: chapter.title))"
      line += color.apply(.dim, to: "  \(chapter.minutes) min")
      if chapter.exams[exam]?.inScope == false {
        line += color.apply(.yellow, to: "  (out of scope for \(exam.code))")
      }
      context.output.line(line)
      for section in chapter.sections {
        let mark = read.contains(section.id) ? color.apply(.green, to: "✓") : "·"
        context.output.line("      \(mark) \(section.title)  " + color.apply(.dim, to: section.id))
      }
    }
    context.output.line()
    context.say("`read` opens the next unread section; `read ID` opens one by id or title.")
  }
}
