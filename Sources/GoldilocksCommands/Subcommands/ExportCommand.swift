import ArgumentParser

/// `export`: write this profile's progress to a JSON file, or a question bank for Anki.
struct ExportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract: "Write this profile's progress to a JSON file, or a question bank for Anki."
  )

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The file to write.") var file: String
  @Option(help: "What to export: progress or anki.") var what: String = "progress"

  mutating func run() throws {
    try notAvailableYet("export")
  }
}
