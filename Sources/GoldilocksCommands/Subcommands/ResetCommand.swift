import ArgumentParser

/// `reset`: forget progress of a topic, a question, or everything.
struct ResetCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "reset",
    abstract: "Forget progress of a topic, a question, or everything."
  )

  @OptionGroup var global: GlobalOptions
  @Option(help: "Forget this topic's answers and cards.") var topic: String?
  @Option(help: "Forget this question's answers and card.") var question: String?
  @Flag(help: "Forget everything of this profile.") var all = false
  @Flag(help: "Do not ask for confirmation.") var yes = false

  mutating func run() throws {
    try notAvailableYet("reset")
  }
}
