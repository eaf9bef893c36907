import ArgumentParser
import Curriculum
import Foundation
import SpecLanguage
import Synchronization

/// Tab-completion candidates for a REPL line: command and subcommand names, each
/// command's own options, the values an option takes, and the arguments a command takes
/// (presets, datasets, sections, topics, scenarios, demos).
///
/// Commands and options are read from the command types themselves (`CommandCatalog`);
/// values come from an option's declared cases when its type lists them, and otherwise
/// from the sources given here by option name or argument value name.
struct CompletionProvider: Sendable {
  /// Completes the word after an option such as `--dataset`, or a positional argument.
  typealias ArgumentSource = @Sendable () -> [String]

  private let catalog: CommandCatalog
  /// Values by option spelling (`--dataset`) or by an argument's value name (`spec`).
  private let optionValues: [String: ArgumentSource]
  /// Values of the first positional argument, by command path (`calc summary`).
  private let positionalValues: [String: ArgumentSource]

  init(
    commandType: any ParsableCommand.Type,
    optionValues: [String: ArgumentSource] = [:],
    positionalValues: [String: ArgumentSource] = [:]
  ) {
    self.catalog =
      commandType == Goldilocks.self ? CommandCatalog.standard : CommandCatalog(commandType)
    self.optionValues = optionValues
    self.positionalValues = positionalValues
  }

  /// Candidates for `word`, given the text of the line before it.
  func candidates(lineBeforeWord: String, word: String) -> [String] {
    let previous = (try? CommandLineSplitter.split(lineBeforeWord)) ?? []
    let walk = catalog.walk(previous)
    let command = walk.command
    var options: [String] = []
    if let last = previous.last, last.hasPrefix("-"), !last.contains("="),
      let option = command.option(named: last), option.kind == .option
    {
      options = values(of: option, spelling: last)
    } else if word.hasPrefix("--"), word.contains("=") {
      let parts = word.split(separator: "=", maxSplits: 1)
      let spelling = String(parts[0])
      if let option = command.option(named: spelling)
        ?? command.defaultChild?.option(named: spelling), option.kind == .option
      {
        options = values(of: option, spelling: spelling).map { spelling + "=" + $0 }
      }
    } else if word.hasPrefix("-") {
      options = ownOptionsFirst(command)
    } else if walk.path == ["help"] || walk.path.first == "help" {
      var helpNode = catalog.root
      for name in walk.positionals {
        if let child = helpNode.children.first(where: { $0.commandName == name }) {
          helpNode = child
        }
      }
      options = helpNode.children.map(\.commandName)
    } else if !command.children.isEmpty, walk.positionals.isEmpty {
      options = command.children.map(\.commandName)
      if walk.path.isEmpty { options += ["help", "quit"] }
    } else if walk.positionals.isEmpty || (command.positionals.first?.isRepeating == true) {
      let path = walk.path.joined(separator: " ")
      if let source = positionalValues[path] {
        options = source()
      } else if let valueName = command.positionals.first?.valueName,
        let source = optionValues[valueName]
      {
        options = source()
      }
    }
    return Array(Set(options.filter { $0.hasPrefix(word) })).sorted { left, right in
      order(left, command) < order(right, command)
        || (order(left, command) == order(right, command) && left < right)
    }
  }

  /// The values an option takes: its declared cases, or the source for its spelling or
  /// its value name.
  private func values(of option: CommandCatalog.Argument, spelling: String) -> [String] {
    let listed = option.listedValues
    if !listed.isEmpty { return listed }
    for key in option.spellings + [spelling] {
      if let source = optionValues[key] { return source() }
    }
    if let name = option.valueName, let source = optionValues[name] { return source() }
    return []
  }

  /// The command's options, its own before the global ones and `--help`; a command that
  /// runs a default subcommand (`class` runs `class overview`) offers that one's too.
  private func ownOptionsFirst(_ command: CommandCatalog.Command) -> [String] {
    (command.optionSpellings + (command.defaultChild?.optionSpellings ?? [])).filter {
      $0.hasPrefix("--")
    }
  }

  /// 0 for a command's own options and other words, 1 for the global options, 2 for help.
  private func order(_ word: String, _ command: CommandCatalog.Command) -> Int {
    if word == "--help" || word == "-h" { return 2 }
    return HelpLayout.globalSpellings.contains(word) ? 1 : 0
  }
}

extension CompletionProvider {
  /// The REPL's completion: commands, options, then presets, datasets, sections, topics,
  /// scenarios and demos.
  static func standard(environment: [String: String] = [:]) -> CompletionProvider {
    let library = LibraryCache(environment: environment)
    let presets: ArgumentSource = { Preset.names }
    let sections: ArgumentSource = { library.value?.sections.map(\.id) ?? [] }
    let topics: ArgumentSource = { library.value?.topics ?? [] }
    let scenarios: ArgumentSource = { library.value?.scenarios.map(\.id) ?? [] }
    let datasets: ArgumentSource = { DatasetNames.all }
    let demos: ArgumentSource = {
      guard let root = try? ContentLocator.root(environment: environment) else { return [] }
      return DemoCommand.shippedNames(in: root + "/content/demos")
    }
    let positional: [String: ArgumentSource] = [
      "read": sections, "explain": presets, "demo": demos, "scenario": scenarios,
      "class topic": topics,
      "calc generate": { ["tiny-gpt", "tiny-lstm"] },
    ]
    return CompletionProvider(
      commandType: Goldilocks.self,
      optionValues: [
        // By option spelling. An option whose type is an enum (`--to`, `--precision`,
        // `--schedule`, ...) needs no entry: its cases come from the command tree itself.
        "--dataset": datasets, "--topic": topics,
        "--teacher": presets, "--student": presets, "--model": presets,
        "--instance": { ServePlanner.instanceNames(environment: environment) },
        "--gpu": { ServePlanner.acceleratorNames(environment: environment) },
        // By an argument's value name.
        "spec": presets, "model": presets, "section": sections, "dataset": datasets,
      ],
      positionalValues: positional
    )
  }
}

/// Loads the study content once, on first use, for completion.
final class LibraryCache: Sendable {
  private let environment: [String: String]
  /// The library once loaded: `nil` before the first use, `.some(nil)` when it failed.
  ///
  /// The lock is held while loading, so the content is read once.
  private let loaded = Mutex<ContentLibrary??>(nil)

  init(environment: [String: String]) { self.environment = environment }

  var value: ContentLibrary? {
    loaded.withLock { loaded in
      if let loaded { return loaded }
      let library = try? ContentLibrary.load(root: ContentLocator.root(environment: environment))
      loaded = .some(library)
      return library
    }
  }
}
