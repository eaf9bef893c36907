import ArgumentParser

/// `quiz`: answer questions, weakest topics first.
struct QuizCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "quiz",
    abstract: "Answer questions, weakest topics first."
  )

  @OptionGroup var global: GlobalOptions
  @Option(help: "Only questions of this topic.") var topic: String?
  @Option(help: "How many questions.") var count: Int = 10
  @Option(help: "The exam to follow: c01 or c02.") var exam: String = "c02"

  mutating func run() throws {
    try notAvailableYet("quiz")
  }
}
