import ArgumentParser
import Foundation

/// An instructor demo: narration, REPL commands and pauses, one step per line.
///
/// Format: `# …` is a comment; `> text` is narration; `---` (or `pause`) waits for
/// Enter (or `--auto` seconds); `title: …` on the first line names the demo; any other
/// line is a goldilocks command run as if typed in the REPL.
///
/// The whole file is checked before the first step runs: every command line must parse
/// as a goldilocks command (so a file that is not a demo is refused at its first line
/// that is not a step, with file:line), and a command that deletes or writes the
/// learner's progress or writes files is refused unless the instructor allowed it.
struct DemoScript {
  enum Step: Equatable {
    case narration(String)
    case command(String)
    case pause
  }

  let title: String
  let steps: [Step]

  /// Top-level commands that only read: a demo runs them without `--allow-writes`.
  /// (`calc` measures and appends to the experiment history; `calc export` is refused.)
  static let readOnlyCommands: Set<String> = [
    "toc", "search", "explain", "whatif", "progress", "content", "srs", "calc", "help",
    "scenario",
  ]
  /// Subcommands under a read-only command that write files.
  static let writingSubcommands: Set<[String]> = [["calc", "export"]]
  /// Options that name a file to write or another progress file.
  static let writingOptions: [String] = ["--out", "--csv", "--svg", "--db"]

  /// Parses and checks `text`, the contents of `file`.
  ///
  /// - Parameter allowWrites: whether command lines that write progress or files are
  ///   allowed (the instructor passed `--allow-writes`).
  static func parse(_ text: String, file: String, allowWrites: Bool = false) throws(GoldilocksError)
    -> DemoScript
  {
    var title = (file as NSString).lastPathComponent
    var steps: [Step] = []
    for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let line = raw.trimmingCharacters(in: .whitespaces)
      let place = "\(file):\(index + 1)"
      if line.isEmpty || line.hasPrefix("#") { continue }
      if index == 0, line.lowercased().hasPrefix("title:") {
        title = String(line.dropFirst(6)).trimmingCharacters(in: .whitespaces)
        continue
      }
      if line == "---" || line.lowercased() == "pause" {
        steps.append(.pause)
      } else if line.hasPrefix(">") {
        steps.append(.narration(String(line.dropFirst()).trimmingCharacters(in: .whitespaces)))
      } else {
        try checkCommand(line, at: place, allowWrites: allowWrites)
        steps.append(.command(line))
      }
    }
    guard !steps.isEmpty else {
      throw GoldilocksError.invalidValue(
        "\(file) has no steps; write narration (> …), commands and --- pauses"
      )
    }
    return DemoScript(title: title, steps: steps)
  }

  /// Refuses a command line that is not a goldilocks command, cannot run in a demo, or
  /// writes without `allowWrites`.
  static func checkCommand(_ line: String, at place: String, allowWrites: Bool)
    throws(GoldilocksError)
  {
    let words: [String]
    do {
      words = try CommandLineSplitter.split(line)
    } catch {
      throw GoldilocksError.invalidValue("\(place): \(error.description)")
    }
    let shown = line.count > 60 ? String(line.prefix(57)) + "..." : line
    let walk = CommandCatalog.standard.walk(words)
    guard let first = words.first, walk.unknownWord == nil, !walk.path.isEmpty else {
      throw GoldilocksError.invalidValue(
        "\(place): not a demo step: `\(shown)` is neither narration (> text), a pause (---) nor a goldilocks command; is this a demo file?"
      )
    }
    if ["demo", "quit", "exit"].contains(first) {
      throw GoldilocksError.invalidValue("\(place): a demo cannot run `\(first)`")
    }
    do {
      _ = try Goldilocks.parseAsRoot(words)
    } catch let error as CleanExit {
      _ = error
    } catch {
      let message =
        Goldilocks.message(for: error)
        .split(separator: "\n").first.map(String.init) ?? "it does not parse"
      throw GoldilocksError.invalidValue("\(place): `\(shown)`: \(message)")
    }
    guard !allowWrites else { return }
    let readOnly =
      readOnlyCommands.contains(walk.path[0])
      && !writingSubcommands.contains(Array(walk.path.prefix(2)))
      && !(walk.path == ["scenario"] && !walk.positionals.isEmpty)
    let writingOption = words.first { word in
      writingOptions.contains { word == $0 || word.hasPrefix($0 + "=") }
    }
    if !readOnly || writingOption != nil {
      let what =
        writingOption.map { "its \($0.split(separator: "=")[0]) option writes a file" }
        ?? "`\(walk.path.joined(separator: " "))` deletes or writes progress or files"
      throw GoldilocksError.invalidValue(
        "\(place): `\(shown)`: \(what); a demo runs such lines only with --allow-writes"
      )
    }
  }
}
