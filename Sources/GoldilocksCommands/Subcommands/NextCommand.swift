import ArgumentParser

/// `next`: read the section after the one read last.
struct NextCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "next",
    abstract: "Read the section after the one read last."
  )

  @OptionGroup var global: GlobalOptions

  mutating func run() throws {
    try notAvailableYet("next")
  }
}
