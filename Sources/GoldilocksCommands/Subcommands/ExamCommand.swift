import ArgumentParser

/// `exam`: a timed mock exam weighted by the exam's domains.
struct ExamCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "exam",
    abstract: "A timed mock exam weighted by the exam's domains."
  )

  @OptionGroup var global: GlobalOptions
  @Option(help: "Number of questions.") var questions: Int = 65
  @Option(help: "Time limit in minutes.") var minutes: Int = 130
  @Option(help: "The exam to follow: c01 or c02.") var exam: String = "c02"

  mutating func run() throws {
    try notAvailableYet("exam")
  }
}
