import ArgumentParser

/// `calc distill`: distill a teacher into a student and compare with training from scratch.
struct CalcDistillCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "distill",
    abstract: "Distill a teacher into a student and compare with training from scratch."
  )

  @OptionGroup var global: GlobalOptions
  @Option(help: "The teacher model.") var teacher: String
  @Option(help: "The student model.") var student: String
  @Option(help: "The dataset (see `calc datasets`).") var dataset: String
  @Option(help: "Softmax temperature.") var temperature: Double = 4
  @Option(help: "Weight of the soft-target loss.") var alpha: Double = 0.7

  mutating func run() throws {
    try notAvailableYet("calc distill")
  }
}
