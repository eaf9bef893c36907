import Foundation

extension PlainLineReader: DeadlineLineReader {
  /// Reads a line from a pipe or file, but stops waiting at the deadline when no input
  /// comes (a stalled pipe), so that a timed exam ends on time.
  public func readLine(prompt: () -> String, until deadline: Date, clock: any TimeSource)
    -> TimedLine
  {
    if promptsOnStandardError {
      let text = prompt()
      if !text.isEmpty { FileHandle.standardError.write(Data(text.utf8)) }
    }
    while true {
      let left = deadline.timeIntervalSince(clock.now)
      if left <= 0 { return .timedOut }
      if input.waitForLine(milliseconds: Int32(max(1, min(1000, left * 1000)))) { break }
      if InterruptFlag.shared.isRaised { return .endOfInput }
    }
    guard let text = input.readLine() else { return .endOfInput }
    return clock.now > deadline ? .late(text) : .line(text)
  }
}
