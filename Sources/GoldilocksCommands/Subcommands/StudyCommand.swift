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

  func validate() throws {
    if let sections, sections < 1 {
      throw GoldilocksError.invalidValue("--sections must be at least 1; got \(sections)")
    }
  }

  mutating func run() throws {
    let context = CommandContext(global)
    let store = try context.store()
    try StudyWalk(
      context: context,
      store: store,
      profileId: try context.profile(in: store).id ?? 0,
      library: try context.session.library(),
      sections: sections
    ).walk()
  }
}
