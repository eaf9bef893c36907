import Foundation
import Terminal

/// Reads the learner's answers: the REPL's reader, readline on a terminal, or plain
/// lines from a pipe (without echoing a prompt).
struct AnswerInput {
  let context: CommandContext
  private let reader: any LineReader

  init(context: CommandContext) {
    self.context = context
    if let reader = context.session.lineReader {
      self.reader = reader
    } else if context.session.isInteractive,
      let readline = ReadlineLineReader(historyFile: nil, completer: { _, _ in [] })
    {
      self.reader = readline
    } else {
      // A person at a terminal whose output goes to a pipe still sees the prompts.
      self.reader = PlainLineReader(promptsOnStandardError: context.session.isInteractive)
    }
  }

  /// Whether prompts are shown (a person at a terminal).
  var isInteractive: Bool { context.session.isInteractive }

  /// One line, or `nil` at end of input or after Ctrl-C.
  func line(prompt: String) -> String? {
    let text = reader.readLine(prompt: prompt)
    if InterruptFlag.shared.isRaised { return nil }
    return text?.trimmingCharacters(in: .whitespaces)
  }

  /// Waits for Enter when a person is reading; does nothing for piped input.
  func pause(_ message: String = "Enter to continue") {
    guard isInteractive else { return }
    _ = reader.readLine(prompt: context.color.apply(.dim, to: "[\(message)] "))
  }
}
