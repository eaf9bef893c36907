import ArgumentParser

/// `demo`: play an instructor demo script step by step.
struct DemoCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "demo",
    abstract: "Play an instructor demo script step by step."
  )

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The demo file.") var file: String
  @Option(help: "Advance automatically after this many seconds.") var auto: Double?

  mutating func run() throws {
    try notAvailableYet("demo")
  }
}
