import Foundation
import Synchronization
import Testing
import _TestSupport

@testable import Terminal

#if canImport(Glibc)
import Glibc
#endif

/// A clock that jumps forward each time it is read, so a wait with a deadline ends after
/// a few polls whatever the machine's speed.
private final class JumpingClock: TimeSource {
  private let current = Mutex(Date(timeIntervalSince1970: 1_796_115_600))
  let step: TimeInterval

  init(step: TimeInterval) { self.step = step }

  var now: Date {
    current.withLock { value in
      let reading = value
      value = value.addingTimeInterval(step)
      return reading
    }
  }
}

@Suite struct PlainDeadlineReaderTests {
  /// A pipe whose read end the reader uses; the test writes to and closes the other end.
  private func pipePair() throws -> (reader: PlainLineReader, read: Int32, write: Int32) {
    var ends: [Int32] = [0, 0]
    try #require(pipe(&ends) == 0)
    return (PlainLineReader(input: StandardInputLines(descriptor: ends[0])), ends[0], ends[1])
  }

  private func send(_ text: String, to descriptor: Int32) {
    let bytes = Array(text.utf8)
    _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
  }

  @Test func aStalledPipeEndsTheWaitAtTheDeadline() throws {
    let (reader, readEnd, writeEnd) = try pipePair()
    defer {
      close(writeEnd)
      close(readEnd)
    }
    send("A\r\nB", to: writeEnd)
    let clock = JumpingClock(step: 10)
    let deadline = clock.now.addingTimeInterval(60)
    #expect(reader.readLine(prompt: { "" }, until: deadline, clock: clock) == .line("A"))
    // "B" has no newline and the writer says nothing more: the reader polls (a second at a
    // time) until the clock passes the deadline, then gives up.
    #expect(reader.readLine(prompt: { "" }, until: deadline, clock: clock) == .timedOut)
  }

  @Test func linesBufferedAheadAreServedAndTheEndIsReported() throws {
    let (reader, readEnd, writeEnd) = try pipePair()
    defer { close(readEnd) }
    send("one\ntwo\nlast", to: writeEnd)
    close(writeEnd)
    let clock = FixedClock()
    let deadline = clock.now.addingTimeInterval(60)
    #expect(reader.readLine(prompt: { "" }, until: deadline, clock: clock) == .line("one"))
    #expect(reader.readLine(prompt: "") == "two")
    #expect(reader.readLine(prompt: { "" }, until: deadline, clock: clock) == .line("last"))
    #expect(reader.readLine(prompt: { "" }, until: deadline, clock: clock) == .endOfInput)
  }

  @Test func aLineThatArrivesAfterTheDeadlineIsLate() throws {
    let (reader, readEnd, writeEnd) = try pipePair()
    defer {
      close(writeEnd)
      close(readEnd)
    }
    send("A\n", to: writeEnd)
    // The clock passes the deadline between the check and the read.
    let clock = JumpingClock(step: 40)
    let deadline = clock.now.addingTimeInterval(60)
    #expect(reader.readLine(prompt: { "" }, until: deadline, clock: clock) == .late("A"))
  }
}
