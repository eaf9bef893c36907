import Foundation
import Terminal

/// A reader with a deadline, as readline on a terminal behaves: each step either types a
/// line (after the clock moved by `seconds`) or waits until the deadline passes.
///
/// `@unchecked Sendable` holds by use, as for `ScriptedLineReader`: one test drives one
/// command with it on one thread and reads `prompts` only after that command returns. Its
/// clock is a `FixedClock`, which is itself checked `Sendable` (a `Mutex`).
public final class ScriptedTimedLineReader: DeadlineLineReader, @unchecked Sendable {
  /// One thing the scripted learner does.
  public enum Step: Sendable {
    /// Types `text` after `seconds` have passed.
    case type(String, after: TimeInterval = 0)
    /// Types nothing until the deadline passes.
    case waitPastDeadline
  }

  private var steps: [Step]
  private let clock: FixedClock
  /// The prompts shown (the last version of each, countdown included).
  public private(set) var prompts: [String] = []

  public init(_ steps: [Step], clock: FixedClock) {
    self.steps = steps
    self.clock = clock
  }

  public func readLine(prompt: String) -> String? {
    prompts.append(prompt)
    guard !steps.isEmpty else { return nil }
    switch steps.removeFirst() {
    case .type(let text, let seconds):
      clock.advance(by: seconds)
      return text
    case .waitPastDeadline:
      return nil
    }
  }

  public func readLine(prompt: () -> String, until deadline: Date, clock _: any TimeSource)
    -> TimedLine
  {
    if clock.now >= deadline { return .timedOut }
    prompts.append(prompt())
    guard !steps.isEmpty else { return .endOfInput }
    switch steps.removeFirst() {
    case .type(let text, let seconds):
      clock.advance(by: seconds)
      // A terminal reader stops waiting at the deadline: the line is never finished.
      if clock.now >= deadline { return .timedOut }
      return .line(text)
    case .waitPastDeadline:
      clock.set(deadline)
      prompts.append(prompt())
      return .timedOut
    }
  }
}
