import ArgumentParser
import SpecLanguage

/// A word where a command name belongs that names no command, found before the line is
/// parsed, with the nearest command name as a suggestion.
///
/// ArgumentParser would report it as "Unexpected argument" followed by the global usage;
/// this says what the learner typed and what they probably meant.
struct UnknownCommand: Error, CustomStringConvertible, Equatable {
  /// The command words up to and including the unknown one (`calc summery`).
  let typed: [String]
  /// The likely intended command words (`calc summary`), if one is close.
  let suggestion: [String]?

  var description: String {
    let typedText = typed.joined(separator: " ")
    if let suggestion {
      return "unknown command `\(typedText)`; did you mean `\(suggestion.joined(separator: " "))`?"
    }
    let parent = typed.dropLast().joined(separator: " ")
    let list = parent.isEmpty ? "`help`" : "`help \(parent)`"
    return "unknown command `\(typedText)`; \(list) lists the commands"
  }

  /// Whether `words` name commands from `root` down to one without subcommands, before any
  /// option: then no word stands where a subcommand is expected, and `find` need not build
  /// the catalog (which has the parser describe the whole command tree: most of the
  /// start-up time of a one-shot command such as `calc summary`).
  static func namesACommandWithoutSubcommands(
    _ words: [String],
    root: any ParsableCommand.Type = Goldilocks.self
  ) -> Bool {
    var command = root
    for word in words {
      let children = command.configuration.subcommands
      if children.isEmpty { return true }
      guard let child = children.first(where: { $0._commandName == word }) else { return false }
      command = child
    }
    return command.configuration.subcommands.isEmpty
  }

  /// The unknown command in `words`, if a word where a subcommand is expected names none.
  static func find(in words: [String], catalog: CommandCatalog = .standard) -> UnknownCommand? {
    let walk = catalog.walk(words)
    guard let word = walk.unknownWord else { return nil }
    let names = walk.command.children.map(\.commandName) + (walk.path.isEmpty ? ["help"] : [])
    let near = NameSuggester.nearest(to: word, in: names)
    return UnknownCommand(typed: walk.path + [word], suggestion: near.map { walk.path + [$0] })
  }
}
