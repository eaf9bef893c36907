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

  /// One line before `deadline`: on a terminal the wait ends at the deadline and the
  /// prompt (with its countdown) is redrawn every second; a plain reader (a pipe) can only
  /// tell afterwards, so a line that arrives after the deadline comes back as `.late`.
  func line(prompt: () -> String, until deadline: Date) -> TimedLine {
    let clock = context.clock
    if clock.now >= deadline { return .timedOut }
    if let timed = reader as? any DeadlineLineReader {
      let result = timed.readLine(prompt: prompt, until: deadline, clock: clock)
      if InterruptFlag.shared.isRaised { return .endOfInput }
      if case .line(let text) = result { return .line(text.trimmingCharacters(in: .whitespaces)) }
      return result
    }
    guard let text = line(prompt: prompt()) else { return .endOfInput }
    return clock.now > deadline ? .late(text) : .line(text)
  }

  /// Waits for Enter when a person is reading; does nothing for piped input.
  func pause(_ message: String = "Enter to continue") {
    guard isInteractive else { return }
    _ = reader.readLine(prompt: context.color.apply(.dim, to: "[\(message)] "))
  }
}
