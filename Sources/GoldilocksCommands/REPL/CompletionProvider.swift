import ArgumentParser
import Curriculum
import Foundation
import SpecLanguage

/// Tab-completion candidates for a REPL line: command and subcommand names, then the
/// arguments that a command takes (presets, datasets, sections, topics).
struct CompletionProvider: Sendable {
  /// Completes the word after an option such as `--dataset`, or a positional argument.
  typealias ArgumentSource = @Sendable () -> [String]

  private let tree: CommandNode
  private let optionValues: [String: ArgumentSource]
  private let positionalValues: [String: ArgumentSource]

  init(
    commandType: any ParsableCommand.Type,
    optionValues: [String: ArgumentSource] = [:],
    positionalValues: [String: ArgumentSource] = [:]
  ) {
    self.tree = CommandNode(commandType)
    self.optionValues = optionValues
    self.positionalValues = positionalValues
  }

  /// Candidates for `word`, given the text of the line before it.
  func candidates(lineBeforeWord: String, word: String) -> [String] {
    let previous = (try? CommandLineSplitter.split(lineBeforeWord)) ?? []
    var node = tree
    var path: [String] = []
    for item in previous {
      if let child = node.children.first(where: { $0.name == item }) {
        node = child
        path.append(item)
      } else if item == "help", path.isEmpty {
        path.append("help")
      }
    }
    var options: [String] = []
    if let last = previous.last, last.hasPrefix("--"), let source = optionValues[last] {
      options = source()
    } else if word.hasPrefix("-") {
      options = ["--json", "--no-color", "--seed", "--db", "--profile", "--help"]
    } else if !node.children.isEmpty {
      options = node.children.map(\.name)
      if path.isEmpty { options += ["help", "quit"] }
    } else if let source = positionalValues[path.joined(separator: " ")] {
      options = source()
    }
    return options.filter { $0.hasPrefix(word) }.sorted()
  }
}

/// A command and its subcommands, by name.
struct CommandNode: Sendable {
  let name: String
  let children: [CommandNode]

  init(_ type: any ParsableCommand.Type) {
    let configuration = type.configuration
    name = configuration.commandName ?? String(describing: type).lowercased()
    children = configuration.subcommands.map(CommandNode.init)
  }
}

extension CompletionProvider {
  /// The REPL's completion: commands, then presets, datasets, sections and topics.
  static func standard(environment: [String: String] = [:]) -> CompletionProvider {
    let library = LibraryCache(environment: environment)
    let presets: ArgumentSource = { Preset.names }
    let sections: ArgumentSource = { library.value?.sections.map(\.id) ?? [] }
    let topics: ArgumentSource = { library.value?.topics ?? [] }
    let datasets: ArgumentSource = { DatasetNames.all }
    var positional: [String: ArgumentSource] = [
      "read": sections, "explain": presets,
      "demo": { ["model-size-basics", "compression-lab", "accuracy-vs-size"] },
    ]
    for command in [
      "summary", "explain", "train", "time", "quantize", "prune", "whatif", "sweep", "export",
      "serve",
    ] {
      positional["calc " + command] = presets
    }
    return CompletionProvider(
      commandType: Goldilocks.self,
      optionValues: [
        "--dataset": datasets, "--topic": topics, "--exam": { ["c01", "c02"] },
        "--teacher": presets, "--student": presets, "--to": { ["fp16", "int8", "int4"] },
        "--precision": { ["fp32", "fp16", "int8"] }, "--optimizer": { ["adam", "sgd"] },
        "--schedule": { ["polynomial", "constant"] }, "--what": { ["progress", "anki"] },
        "--instance": { ServePlanner.instanceNames(environment: environment) },
        "--gpu": { ServePlanner.acceleratorNames(environment: environment) },
        "--kv-precision": { ["fp32", "bf16", "fp16", "int8"] },
        "--convention": { ["keras", "torch"] },
      ],
      positionalValues: positional
    )
  }
}

/// Loads the study content once, on first use, for completion.
final class LibraryCache: @unchecked Sendable {
  private let lock = NSLock()
  private let environment: [String: String]
  private var loaded: ContentLibrary??

  init(environment: [String: String]) { self.environment = environment }

  var value: ContentLibrary? {
    lock.lock()
    defer { lock.unlock() }
    if let loaded { return loaded }
    let library = try? ContentLibrary.load(root: ContentLocator.root(environment: environment))
    loaded = .some(library)
    return library
  }
}
