import Foundation

/// An instructor demo: narration, REPL commands and pauses, one step per line.
///
/// Format: `# …` is a comment; `> text` is narration; `---` (or `pause`) waits for
/// Enter (or `--auto` seconds); `title: …` on the first line names the demo; any other
/// line is a command run as if typed in the REPL.
struct DemoScript {
  enum Step: Equatable {
    case narration(String)
    case command(String)
    case pause
  }

  let title: String
  let steps: [Step]

  static func parse(_ text: String, file: String) throws -> DemoScript {
    var title = (file as NSString).lastPathComponent
    var steps: [Step] = []
    for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let line = raw.trimmingCharacters(in: .whitespaces)
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
        let words = try CommandLineSplitter.split(line)
        if ["demo", "quit", "exit"].contains(words.first ?? "") {
          throw GoldilocksError.invalidValue(
            "\(file):\(index + 1): a demo cannot run `\(words[0])`"
          )
        }
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
}
