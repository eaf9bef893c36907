import Curriculum
import Foundation
import ProgressStore
import Terminal

/// Shows a section (paged on a terminal) and records that the learner read it.
struct SectionReader {
  let context: CommandContext

  func show(_ section: Section, in library: ContentLibrary) throws {
    let store = try context.store()
    let profile = try context.profile(in: store)
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
    Pager(context: context).show(text)
    guard let id = profile.id else { return }
    let share =
      chapter.map { Double($0.minutes) * 60 / Double(max(1, $0.sections.count)) } ?? 0
    try store.recordRead(
      SectionRead(
        profileId: id,
        sectionId: section.id,
        chapterId: section.chapterId,
        readAt: Date(),
        seconds: share
      )
    )
  }
}

/// Shows long text a screen at a time when a person is reading at a terminal.
struct Pager {
  let context: CommandContext

  func show(_ text: String) {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    guard context.session.isInteractive, context.session.stdoutIsTerminal, !context.json,
      let rows = TerminalSize.rows(), lines.count > rows - 1
    else {
      context.output.line(text)
      return
    }
    let page = max(5, rows - 2)
    var start = 0
    while start < lines.count {
      let end = min(lines.count, start + page)
      context.output.line(lines[start..<end].joined(separator: "\n"))
      start = end
      guard start < lines.count else { break }
      let prompt = context.color.apply(
        .dim,
        to: "-- more (\(start)/\(lines.count)): Enter, q to stop --"
      )
      let answer: String?
      if let reader = context.session.lineReader {
        answer = reader.readLine(prompt: prompt + " ")
      } else {
        context.output.write(prompt + " ")
        answer = PlainLineReader().readLine(prompt: "")
      }
      if answer == nil || answer?.lowercased().hasPrefix("q") == true
        || InterruptFlag.shared.isRaised
      {
        break
      }
    }
  }
}
