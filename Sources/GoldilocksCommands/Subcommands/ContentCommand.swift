import ArgumentParser

/// `content`: tools for the study content.
struct ContentCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "content",
    abstract: "Check the chapters, question banks and scenarios.",
    subcommands: [ContentLintCommand.self]
  )
}

/// `content lint`: validates content/ and quizzes/.
struct ContentLintCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "lint",
    abstract: "Validate content/ and quizzes/: ids, answers, links, try lines."
  )

  @OptionGroup var global: GlobalOptions

  mutating func run() throws {
    try notAvailableYet("content lint")
  }
}
