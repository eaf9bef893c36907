import ArgumentParser

/// `calc time`: time inference: warm-up, then repeated runs; p50, p95, p99.
struct CalcTimeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "time",
    abstract: "Time inference: warm-up, then repeated runs; p50, p95, p99."
  )

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The model in the spec language (quote it).") var spec: [String]
  @Option(help: "Examples per run.") var batch: Int = 1
  @Option(help: "Timed runs after the warm-up.") var runs: Int = 200
  @Option(help: "fp32, fp16 or int8.") var precision: String = "fp32"

  mutating func run() throws {
    try notAvailableYet("calc time")
  }
}
