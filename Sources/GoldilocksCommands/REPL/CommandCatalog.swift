import ArgumentParser
import Foundation

/// The command tree as ArgumentParser itself describes it: every command's name,
/// subcommands, options (which take a value, which are flags) and the values an option
/// accepts when its type lists them.
///
/// It is read from the parser's own description of the command types (the document that
/// `--experimental-dump-help` prints), so completion and "did you mean" follow the
/// commands as they are declared, with no hand-kept list to fall out of date.
struct CommandCatalog: Sendable {
  /// One command: its name, arguments and subcommands.
  struct Command: Sendable, Decodable {
    var commandName: String
    var subcommands: [Command]?
    var arguments: [Argument]?
    /// The subcommand that runs when none is named (`class` runs its overview).
    var defaultSubcommand: String?

    /// The subcommands a learner can type (not ArgumentParser's hidden ones).
    var children: [Command] { subcommands ?? [] }

    /// The subcommand that runs when none is named, if there is one.
    var defaultChild: Command? {
      defaultSubcommand.flatMap { name in children.first { $0.commandName == name } }
    }

    /// The option or flag named `name` (`--count`, `-h`).
    func option(named name: String) -> Argument? {
      (arguments ?? []).first { $0.kind != .positional && $0.spellings.contains(name) }
    }

    /// The positional arguments, in order.
    var positionals: [Argument] { (arguments ?? []).filter { $0.kind == .positional } }

    /// Every option and flag spelling (`--count`, `-h`), long ones first.
    var optionSpellings: [String] {
      (arguments ?? []).filter { $0.kind != .positional && $0.shouldDisplay }.flatMap(\.spellings)
    }
  }

  /// One argument, option or flag of a command.
  struct Argument: Sendable, Decodable {
    enum Kind: String, Sendable, Decodable {
      case positional, option, flag
    }

    struct Name: Sendable, Decodable {
      var kind: String
      var name: String
    }

    struct Completion: Sendable, Decodable {
      struct Values: Sendable, Decodable { var values: [String] }
      var list: Values?
    }

    var kind: Kind
    var shouldDisplay: Bool
    var isRepeating: Bool?
    var names: [Name]?
    var valueName: String?
    var allValues: [String]?
    var completionKind: Completion?

    /// How the argument is typed: `--count`, `-c`.
    var spellings: [String] {
      (names ?? []).map { name in
        switch name.kind {
        case "long": "--" + name.name
        case "longWithSingleDash": "-" + name.name
        default: "-" + name.name
        }
      }
    }

    /// The values the declaration lists (an enum's cases or a completion list), if any.
    var listedValues: [String] {
      if let values = allValues, !values.isEmpty { return values }
      return completionKind?.list?.values ?? []
    }
  }

  private struct Document: Decodable {
    var command: Command
  }

  /// The root command.
  let root: Command

  /// The catalog of `commandType`'s tree; an empty tree if the parser's description
  /// cannot be read (completion then offers nothing rather than failing).
  init(_ commandType: any ParsableCommand.Type) {
    let json = commandType._dumpHelp()
    if let document = try? JSONDecoder().decode(Document.self, from: Data(json.utf8)) {
      root = document.command
    } else {
      let name = commandType.configuration.commandName ?? "goldilocks"
      root = Command(commandName: name, subcommands: nil, arguments: nil)
    }
  }

  /// Where a command line leads in the tree.
  struct Walk {
    /// The command words recognised, in order (`calc`, `train`).
    var path: [String] = []
    /// The command reached.
    var command: Command
    /// A word where a subcommand was expected that names none.
    var unknownWord: String?
    /// The words after the command that are neither options nor option values.
    var positionals: [String] = []
  }

  /// Follows `words` down the tree: subcommand names, skipping options (and the value of
  /// an option that takes one), up to the first word that is an argument.
  func walk(_ words: [String]) -> Walk {
    var walk = Walk(command: root)
    var index = 0
    var afterTerminator = false
    while index < words.count {
      let word = words[index]
      index += 1
      if afterTerminator {
        walk.positionals.append(word)
        continue
      }
      if word == "--" {
        afterTerminator = true
        continue
      }
      if word.hasPrefix("-") && word.count > 1 && Double(word) == nil {
        let name = String(word.split(separator: "=", maxSplits: 1).first ?? "")
        // An option of the default subcommand (`class --sort KEY`) selects that subcommand.
        if walk.command.option(named: name) == nil, let child = walk.command.defaultChild,
          child.option(named: name) != nil
        {
          walk.command = child
        }
        if !word.contains("="), walk.command.option(named: name)?.kind == .option { index += 1 }
        continue
      }
      if walk.positionals.isEmpty, walk.unknownWord == nil, !walk.command.children.isEmpty {
        if walk.path.isEmpty, word == "help" {
          walk.path.append(word)
          continue
        }
        if let child = walk.command.children.first(where: { $0.commandName == word }) {
          walk.command = child
          walk.path.append(word)
          continue
        }
        if walk.command.positionals.isEmpty {
          walk.unknownWord = word
          continue
        }
      }
      walk.positionals.append(word)
    }
    return walk
  }

  /// The goldilocks command tree, read once.
  static let standard = CommandCatalog(Goldilocks.self)
}
