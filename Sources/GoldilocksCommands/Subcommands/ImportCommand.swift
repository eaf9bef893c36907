import ArgumentParser

/// `import`: merge progress from a JSON file written by `export`.
struct ImportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "import",
    abstract: "Merge progress from a JSON file written by `export`."
  )

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The file to read.") var file: String

  mutating func run() throws {
    try notAvailableYet("import")
  }
}
