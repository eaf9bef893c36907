import CReadline
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

extension ReadlineLineReader: DeadlineLineReader {
  /// Reads a line through readline's callback interface, so that the wait can end at the
  /// deadline and the prompt (with its countdown) is redrawn every second.
  public func readLine(prompt: () -> String, until deadline: Date, clock: any TimeSource)
    -> TimedLine
  {
    InterruptFlag.shared.clear()
    CallbackLine.result.withLock { $0 = nil }
    var shown = prompt()
    rl_callback_handler_install(shown) { line in
      let text = line.map { String(cString: $0) }
      if let line { free(line) }
      CallbackLine.result.withLock { $0 = .some(text) }
      rl_callback_handler_remove()
    }
    ReadlineState.isReading.store(true, ordering: .relaxed)
    defer {
      ReadlineState.isReading.store(false, ordering: .relaxed)
      InterruptFlag.shared.clear()
    }
    while true {
      if let finished = CallbackLine.result.withLock({ $0 }) {
        return finished.map(TimedLine.line) ?? .endOfInput
      }
      if InterruptFlag.shared.isRaised {
        rl_callback_handler_remove()
        return .endOfInput
      }
      let left = deadline.timeIntervalSince(clock.now)
      if left <= 0 {
        rl_callback_handler_remove()
        rl_crlf()
        return .timedOut
      }
      // Wake at the next whole second of the countdown to redraw it.
      let fraction = left - left.rounded(.down)
      let wait = Int32(max(10, min(1000, (fraction == 0 ? 1 : fraction) * 1000)))
      var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
      if poll(&descriptor, 1, wait) > 0 {
        rl_callback_read_char()
      } else {
        let next = prompt()
        if next != shown {
          shown = next
          rl_set_prompt(next)
          rl_forced_update_display()
        }
      }
    }
  }
}

/// The line readline's callback delivered: `nil` while waiting, `.some(nil)` at end of input.
enum CallbackLine {
  static let result = Mutex<String??>(nil)
}
