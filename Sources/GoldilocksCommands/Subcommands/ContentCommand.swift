import ArgumentParser
import Curriculum
import Foundation
import Terminal

/// `content`: tools for the study content.
struct ContentCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "content",
    abstract: "Check the chapters, question banks and scenarios.",
    subcommands: [ContentLintCommand.self]
  )
}

/// `content lint`: validates content/ and quizzes/.
struct ContentLintCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "lint",
    abstract: "Validate content/ and quizzes/: ids, answers, links, try lines, topics.",
    discussion: """
      Prints one `file:line:column: error: message` line per problem and exits 1
      when there is any error. Set GOLDILOCKS_CONTENT to check another content
      folder.
      """
  )

  @OptionGroup var global: GlobalOptions

  mutating func run() throws {
    let context = CommandContext(global)
    let root = try ContentLocator.root(environment: context.session.environment)
    let library = try ContentLibrary.load(root: root)
    let diagnostics =
      ContentLinter { TryLineCheck.problem($0) }.lint(library) + Self.lintDemos(root: root)
    let check = ContentCheck(root: root, library: library, diagnostics: diagnostics)
    if context.json {
      try context.printJSON(check)
    } else {
      for diagnostic in diagnostics { context.output.errorLine(diagnostic.description) }
      for line in check.summaryLines { context.output.line(line) }
    }
    if check.errors > 0 { throw ExitCode(1) }
  }

  /// Every demo in content/demos must parse and each of its commands must pass the try-line check.
  static func lintDemos(root: String) -> [ContentDiagnostic] {
    let folder = root + "/content/demos"
    var out: [ContentDiagnostic] = []
    for name in (try? FileManager.default.contentsOfDirectory(atPath: folder))?.sorted() ?? []
    where name.hasSuffix(".demo") {
      let file = "content/demos/" + name
      guard let text = try? String(contentsOfFile: folder + "/" + name, encoding: .utf8) else {
        out.append(ContentDiagnostic(file: file, line: 1, message: "not UTF-8 text"))
        continue
      }
      do {
        _ = try DemoScript.parse(text, file: file)
      } catch {
        out.append(ContentDiagnostic(file: file, line: 1, message: "\(error)"))
      }
      for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false)
        .enumerated()
      {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix(">") || trimmed == "---"
          || trimmed.lowercased().hasPrefix("title:") || trimmed.lowercased() == "pause"
        {
          continue
        }
        if let problem = TryLineCheck.problem(trimmed) {
          out.append(
            ContentDiagnostic(file: file, line: index + 1, message: "`\(trimmed)`: \(problem)")
          )
        }
      }
    }
    return out
  }
}
