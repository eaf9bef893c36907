import ArgumentParser

/// `scenario`: play a worked scenario; no argument lists them.
struct ScenarioCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "scenario",
    abstract: "Play a worked scenario; no argument lists them."
  )

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The scenario's id.") var name: String?

  mutating func run() throws {
    try notAvailableYet("scenario")
  }
}
