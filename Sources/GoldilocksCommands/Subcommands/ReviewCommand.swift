import ArgumentParser

/// `review`: spaced-repetition review of the cards that are due.
struct ReviewCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "review",
    abstract: "Spaced-repetition review of the cards that are due."
  )

  @OptionGroup var global: GlobalOptions
  @Flag(help: "Drill without changing the schedule.") var cram = false

  mutating func run() throws {
    try notAvailableYet("review")
  }
}
