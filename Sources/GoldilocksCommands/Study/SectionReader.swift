import Curriculum
import Foundation
import ProgressStore
import Terminal

/// Shows a section (paged on a terminal) and records that the learner read it, with the
/// time they actually spent on it.
///
/// The time runs from showing the section to leaving it: the end of the pager for a
/// single command, the next command in the REPL (where the learner reads at the prompt).
/// It is capped at `OpenSection.cap(for:in:)`, so a section left open over lunch does not
/// count as hours of study. A reader who quits on the first page has not read the section.
struct SectionReader {
  let context: CommandContext

  func show(_ section: Section, in library: ContentLibrary) throws {
    let session = context.session
    try session.finishOpenSection()
    let store = try context.store()
    let profile = try context.profile(in: store)
    let opened = session.clock.now
    let chapter = library.chapter(of: section)
    let all = library.sections
    let position = (all.firstIndex { $0.id == section.id } ?? 0) + 1
    let renderer = MarkdownRenderer(width: min(context.width, 100), color: context.color)
    var text = context.color.apply(
      .dim,
      to:
        "\(chapter?.title ?? section.chapterId) · section \(position) of \(all.count) · \(section.id)"
    )
    text += "\n" + renderer.render("## " + section.title + "\n\n" + section.body)
    var footer: [String] = []
    if !section.tryCommands.isEmpty {
      footer.append("`try` runs the first command above")
    }
    if library.section(after: section.id, offset: 1) != nil { footer.append("`next` reads on") }
    if !footer.isEmpty {
      text += "\n\n" + context.color.apply(.dim, to: footer.joined(separator: "; ") + ".")
    }
    let outcome = Pager(context: context).show(text)
    guard let id = profile.id else { return }
    if outcome == .stopped(onFirstPage: true) {
      context.output.line(
        context.color.apply(.dim, to: "Stopped on the first page; not marked as read.")
      )
      return
    }
    let open = OpenSection(
      read: SectionRead(
        profileId: id,
        sectionId: section.id,
        chapterId: section.chapterId,
        readAt: opened,
        seconds: 0
      ),
      openedAt: opened,
      cap: OpenSection.cap(for: section, in: library),
      databasePath: context.databasePath
    )
    if session.isREPL {
      session.keepOpen(open)
    } else {
      try open.record(in: store, leftAt: session.clock.now)
    }
  }
}
