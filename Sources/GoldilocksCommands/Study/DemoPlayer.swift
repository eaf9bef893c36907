import Foundation
import Terminal

/// Plays a checked `DemoScript` in front of a class: narration, each command run as if typed
/// in the REPL, and pauses that wait for Enter (q stops) or for `autoPause` seconds.
struct DemoPlayer {
  let context: CommandContext
  /// Narration in spaced capitals for a projector.
  let large: Bool
  /// Seconds each pause lasts by itself; `nil` waits for Enter.
  let autoPause: Double?
  /// Words added to every `calc`, `quiz` and `exam` line (`--seed N`, `--no-color`), so
  /// that the demo gives the same numbers each time.
  let extraWords: [String]

  /// Plays `script` from its title to "End of demo.", or until Ctrl-C or q.
  func play(_ script: DemoScript) throws {
    let color = context.color
    let rule = String(repeating: "═", count: min(context.width, 72))
    context.output.line(color.apply(.bold, to: rule))
    context.output.line(
      color.apply(.bold, to: "  " + (large ? Self.spaced(script.title) : script.title))
    )
    context.output.line(color.apply(.bold, to: rule))
    let input = AnswerInput(context: context)
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
        _ = CommandRunner.run(words + (needsSeed ? extraWords : []), in: context.session)
      case .pause:
        if let autoPause {
          // In slices, so that Ctrl-C stops the demo within a tenth of a second.
          var left = autoPause
          while left > 0, !InterruptFlag.shared.isRaised {
            Thread.sleep(forTimeInterval: min(0.1, left))
            left -= 0.1
          }
        } else if input.isInteractive {
          let prompt = color.apply(.dim, to: "[Enter: next step, q: stop] ")
          guard let answer = input.line(prompt: prompt), answer.lowercased() != "q" else {
            context.output.line(color.apply(.dim, to: "Demo stopped."))
            return
          }
        }
      }
    }
    context.output.line()
    context.output.line(color.apply(.dim, to: "End of demo."))
  }

  /// "Hello" → "H E L L O": easier to read from the back of a room.
  ///
  /// Letters of a word are joined by no-break spaces and words by three spaces, so that
  /// the wrapper breaks lines only between words and the words stay visibly apart.
  static func spaced(_ text: String) -> String {
    text.uppercased().split(separator: " ", omittingEmptySubsequences: true)
      .map { $0.map(String.init).joined(separator: "\u{00A0}") }
      .joined(separator: "   ")
  }
}
