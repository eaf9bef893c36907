import ArgumentParser
import Curriculum
import ProgressStore
import Terminal

/// `try [N]`: runs the N-th "try it" command of the section read last.
struct TryCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "try",
    abstract: "Run the \"try it\" command of the section you read last."
  )

  @OptionGroup var global: GlobalOptions
  @Argument(help: "Which try line of the section (1 = the first).") var number: Int = 1

  mutating func run() throws {
    let context = CommandContext(global)
    let library = try context.session.library()
    let store = try context.store()
    let profile = try context.profile(in: store)
    guard let id = profile.id, let last = try store.lastReadSectionId(profileId: id),
      let section = library.sections.first(where: { $0.id == last })
    else {
      throw GoldilocksError.invalidValue("read a section first; `try` runs its commands")
    }
    guard section.tryCommands.indices.contains(number - 1) else {
      throw GoldilocksError.invalidValue(
        "section `\(section.id)` has \(Plural.count(section.tryCommands.count, "try line")); use 1 to \(section.tryCommands.count)"
      )
    }
    let command = section.tryCommands[number - 1]
    context.output.line(context.color.apply(.green, .bold, to: "▶ ") + "goldilocks " + command)
    let words = try CommandLineSplitter.split(command)
    guard words.first != "try" else {
      throw GoldilocksError.invalidValue("a try line cannot run `try` itself")
    }
    let status = CommandRunner.run(words + passedOptions(), in: context.session)
    if status != 0 { throw ExitCode(status) }
  }

  /// Global options of this line that the try command should keep.
  private func passedOptions() -> [String] {
    var words: [String] = []
    if global.json { words.append("--json") }
    if let seed = global.seed { words += ["--seed", String(seed)] }
    return words
  }
}
