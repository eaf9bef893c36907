import ArgumentParser

/// `quit`: leaves the REPL (Ctrl-D does the same).
struct QuitCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "quit",
    abstract: "Leave the REPL (Ctrl-D does the same).",
    aliases: ["exit"]
  )

  @OptionGroup var global: GlobalOptions

  mutating func run() throws {
    throw REPLSignal.quit
  }
}
