import ArgumentParser

/// `calc quantize`: quantize a trained model and measure before and after.
struct CalcQuantizeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "quantize",
    abstract: "Quantize a trained model and measure before and after."
  )

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The model in the spec language (quote it).") var spec: [String]
  @Option(help: "The dataset (see `calc datasets`).") var dataset: String
  @Option(help: "fp16, int8 or int4.") var to: String
  @Flag(name: .customLong("per-channel"), help: "One scale per output channel.") var perChannel =
    false
  @Flag(help: "uint8 with a zero point instead of symmetric int8.") var asymmetric = false

  mutating func run() throws {
    try notAvailableYet("calc quantize")
  }
}
