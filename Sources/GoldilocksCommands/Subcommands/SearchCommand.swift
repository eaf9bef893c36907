import ArgumentParser

/// `search`: find sections that mention all of the words.
struct SearchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "search",
    abstract: "Find sections that mention all of the words."
  )

  @OptionGroup var global: GlobalOptions
  @Argument(help: "Words to look for.") var words: [String]

  mutating func run() throws {
    try notAvailableYet("search")
  }
}
