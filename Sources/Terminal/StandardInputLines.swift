import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Standard input read line by line through one buffer of its own, so that a reader can
/// tell whether a line is ready (buffered, or bytes waiting on the descriptor) and wait
/// for one with a time limit: a timed exam must end on time even when a pipe stalls.
final class StandardInputLines: Sendable {
  static let shared = StandardInputLines(descriptor: STDIN_FILENO)

  /// The file descriptor read (standard input; a pipe in tests).
  let descriptor: Int32

  init(descriptor: Int32) { self.descriptor = descriptor }

  private struct State {
    var buffer: [UInt8] = []
    var ended = false
  }

  private let state = Mutex(State())

  /// The next line without its newline (or `\r\n`), or `nil` at end of input; blocks.
  func readLine() -> String? {
    while true {
      if let line = takeLine() { return line }
      if state.withLock({ $0.ended }) { return takeRest() }
      fill()
    }
  }

  /// Waits up to `milliseconds` for a whole line (or the end of input) to be ready.
  func waitForLine(milliseconds: Int32) -> Bool {
    if state.withLock({ $0.ended || $0.buffer.contains(UInt8(ascii: "\n")) }) { return true }
    var descriptor = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
    let ready = poll(&descriptor, 1, milliseconds)
    if ready > 0 { fill() }
    return state.withLock { $0.ended || $0.buffer.contains(UInt8(ascii: "\n")) }
  }

  /// Reads what the descriptor has (blocking until something or the end comes).
  private func fill() {
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
      let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
      if count < 0 && errno == EINTR { continue }
      state.withLock { state in
        if count <= 0 {
          state.ended = true
        } else {
          state.buffer += chunk[0..<count]
        }
      }
      return
    }
  }

  private func takeLine() -> String? {
    state.withLock { state in
      guard let newline = state.buffer.firstIndex(of: UInt8(ascii: "\n")) else { return nil }
      var line = Array(state.buffer[..<newline])
      state.buffer.removeSubrange(...newline)
      if line.last == UInt8(ascii: "\r") { line.removeLast() }
      return String(decoding: line, as: UTF8.self)
    }
  }

  private func takeRest() -> String? {
    state.withLock { state in
      guard !state.buffer.isEmpty else { return nil }
      defer { state.buffer.removeAll() }
      return String(decoding: state.buffer, as: UTF8.self)
    }
  }
}
