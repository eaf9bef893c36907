import ArgumentParser

/// `try`: runs the "try it" command of the section read last.
struct TryCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "try",
    abstract: "Run the \"try it\" command of the section you read last."
  )

  @OptionGroup var global: GlobalOptions
  @Argument(help: "Which try line of the section (1 = the first).") var number: Int = 1

  mutating func run() throws {
    try notAvailableYet("try")
  }
}
