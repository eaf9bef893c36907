import ArgumentParser

/// `read`: read a section by id or title prefix; no argument: the next unread one.
struct ReadCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "read",
    abstract: "Read a section by id or title prefix; no argument: the next unread one."
  )

  @OptionGroup var global: GlobalOptions
  @Argument(help: "A section id or the start of its title.") var section: [String] = []

  mutating func run() throws {
    try notAvailableYet("read")
  }
}
