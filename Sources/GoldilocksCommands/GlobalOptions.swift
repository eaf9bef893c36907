import ArgumentParser

/// The options every command accepts (cli.md "Global options").
public struct GlobalOptions: ParsableArguments {
  @Option(
    name: .long,
    help: ArgumentHelp(
      "The progress store: an SQLite file, or a postgres://user@host:port/db URL for a class (env GOLDILOCKS_DB; default $XDG_DATA_HOME/goldilocks/progress.sqlite).",
      valueName: "path"
    )
  )
  var db: String?

  @Option(
    name: .long,
    help: ArgumentHelp(
      "The learner whose progress is read and written (env GOLDILOCKS_PROFILE).",
      valueName: "name"
    )
  )
  var profile: String?

  @Flag(name: .customLong("no-color"), help: "Plain output without colour (also env NO_COLOR).")
  var noColor = false

  @Flag(name: .long, help: "Print one JSON document on stdout and nothing else.")
  var json = false

  @Option(
    name: .long,
    parsing: .unconditional,
    help: ArgumentHelp("Seed for every random choice.", valueName: "n")
  )
  var seed: UInt64?

  public init() {}
}
