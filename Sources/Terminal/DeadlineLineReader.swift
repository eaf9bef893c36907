import Foundation

/// How a read with a deadline ended.
public enum TimedLine: Equatable, Sendable {
  /// A line arrived in time.
  case line(String)
  /// Input ended (Ctrl-D, end of a pipe) or Ctrl-C was pressed.
  case endOfInput
  /// The deadline passed while the reader was waiting.
  case timedOut
  /// A line arrived, but after the deadline (a reader that cannot stop waiting, such as a
  /// pipe, only notices afterwards).
  case late(String)
}

/// A line reader that stops waiting at a deadline and keeps its prompt up to date while
/// it waits (an exam's live countdown).
public protocol DeadlineLineReader: LineReader {
  /// Reads one line, redrawing `prompt()` about once a second, and gives up at `deadline`
  /// as `clock` tells it.
  func readLine(prompt: () -> String, until deadline: Date, clock: any TimeSource) -> TimedLine
}
