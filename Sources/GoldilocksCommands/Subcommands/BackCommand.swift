import ArgumentParser

/// `back`: the section before the one read last.
struct BackCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "back",
    abstract: "Read the section before the one read last."
  )

  @OptionGroup var global: GlobalOptions

  mutating func run() throws {
    try StepReader(context: CommandContext(global)).read(offset: -1)
  }
}
