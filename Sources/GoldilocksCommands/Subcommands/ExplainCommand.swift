import ArgumentParser

/// `explain`: the REPL's short form of `calc explain`.
struct ExplainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "explain",
    abstract: "Each layer's parameter formula with the numbers filled in (as `calc explain`)."
  )

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The model in the spec language (quote it).") var spec: [String]

  mutating func run() throws {
    var command = CalcExplainCommand()
    command.global = global
    command.spec = spec
    try command.run()
  }
}
