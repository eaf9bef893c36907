import ArgumentParser
import Foundation
import Terminal

/// `demo FILE`: plays an instructor demo script step by step.
struct DemoCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "demo",
    abstract: "Play an instructor demo script step by step.",
    discussion: """
      A demo file holds narration lines (> text), commands as typed in the REPL,
      and pause lines (---). Enter advances at a pause; --auto SECONDS advances by
      itself. The shipped demos are in content/demos: pass a file path or a
      shipped name (model-size-basics, compression-lab, accuracy-vs-size). --seed
      makes every run the same. --large prints narration in spaced capitals for a
      projector.
      """
  )

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The demo file, or the name of a shipped demo.") var file: String
  @Option(help: "Advance automatically after this many seconds.") var auto: Double?
  @Flag(help: "Large-type friendly narration for projectors.") var large = false

  mutating func run() throws {
    let context = CommandContext(global)
    let path = try resolve(file, context: context)
    guard let data = FileManager.default.contents(atPath: path) else {
      throw GoldilocksError.invalidValue("cannot read the demo file \(path)")
    }
    let script = try DemoScript.parse(String(decoding: data, as: UTF8.self), file: file)
    if let auto, auto < 0 { throw GoldilocksError.invalidValue("--auto must be 0 or more seconds") }
    let color = context.color
    let rule = String(repeating: "═", count: min(context.width, 72))
    context.output.line(color.apply(.bold, to: rule))
    context.output.line(
      color.apply(.bold, to: "  " + (large ? Self.spaced(script.title) : script.title))
    )
    context.output.line(color.apply(.bold, to: rule))
    let input = AnswerInput(context: context)
    var extra: [String] = ["--seed", String(context.seed)]
    if global.noColor { extra.append("--no-color") }
    for step in script.steps {
      if InterruptFlag.shared.isRaised { break }
      switch step {
      case .narration(let text):
        context.output.line()
        context.say(color.apply(.bold, to: large ? Self.spaced(text) : text))
      case .command(let line):
        context.output.line()
        context.output.line(color.apply(.green, .bold, to: "goldilocks> ") + line)
        let words = try CommandLineSplitter.split(line)
        let needsSeed = words.first == "calc" || words.first == "quiz" || words.first == "exam"
        _ = CommandRunner.run(words + (needsSeed ? extra : []), in: context.session)
      case .pause:
        if let auto {
          if auto > 0 { Thread.sleep(forTimeInterval: auto) }
        } else if input.isInteractive {
          guard input.line(prompt: color.apply(.dim, to: "[Enter: next step, q: stop] ")) != "q"
          else {
            return
          }
        }
      }
    }
    context.output.line()
    context.output.line(color.apply(.dim, to: "End of demo."))
  }

  private func resolve(_ name: String, context: CommandContext) throws -> String {
    if FileManager.default.fileExists(atPath: name) { return name }
    let root = try ContentLocator.root(environment: context.session.environment)
    for candidate in [root + "/content/demos/" + name, root + "/content/demos/" + name + ".demo"]
    where FileManager.default.fileExists(atPath: candidate) {
      return candidate
    }
    throw GoldilocksError.invalidValue(
      "no demo file '\(name)'; shipped demos: model-size-basics, compression-lab, accuracy-vs-size"
    )
  }

  /// "Hello" → "H E L L O": easier to read from the back of a room.
  static func spaced(_ text: String) -> String {
    text.uppercased().map(String.init).joined(separator: " ")
  }
}
