import ArgumentParser

/// `calc schedule`: pruning schedules with TF Model Optimization's semantics.
struct CalcScheduleCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "schedule",
    abstract: "Sparsity targets of a pruning schedule, step by step.",
    subcommands: [CalcSchedulePolynomialCommand.self, CalcScheduleConstantCommand.self]
  )
}

/// `calc schedule polynomial`: TF-MOT's `PolynomialDecay`.
struct CalcSchedulePolynomialCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "polynomial",
    abstract: "Sparsity rising from --initial to --final between --begin and --end."
  )

  @OptionGroup var global: GlobalOptions
  @Option(help: "Sparsity at the begin step.") var initial: Double
  @Option(help: "Sparsity at the end step.") var final: Double
  @Option(help: "First step that prunes.") var begin: Int
  @Option(help: "Step where the final sparsity is reached.") var end: Int
  @Option(help: "Exponent of the decay.") var power: Double = 3
  @Option(help: "Masks are updated every this many steps.") var frequency: Int = 100
  @Option(help: "Steps to report, comma-separated.") var steps: String

  mutating func run() throws {
    try notAvailableYet("calc schedule polynomial")
  }
}

/// `calc schedule constant`: TF-MOT's `ConstantSparsity`.
struct CalcScheduleConstantCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "constant",
    abstract: "One target sparsity from --begin on, updated every --frequency steps."
  )

  @OptionGroup var global: GlobalOptions
  @Option(help: "The sparsity to hold.") var target: Double
  @Option(help: "First step that prunes.") var begin: Int
  @Option(help: "Last step that prunes; -1 for no end.") var end: Int = -1
  @Option(help: "Masks are updated every this many steps.") var frequency: Int = 100
  @Option(help: "Steps to report, comma-separated.") var steps: String

  mutating func run() throws {
    try notAvailableYet("calc schedule constant")
  }
}
