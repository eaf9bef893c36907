import ArgumentParser

/// `back`: read the section before the one read last.
struct BackCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "back",
    abstract: "Read the section before the one read last."
  )

  @OptionGroup var global: GlobalOptions

  mutating func run() throws {
    try notAvailableYet("back")
  }
}
