#if canImport(Glibc)
import Glibc
#endif

/// Reads single key presses from a terminal, without waiting for Enter.
///
/// The terminal is put in raw mode (no line buffering, no echo, Ctrl-C read as a key)
/// for exactly one key and restored before `readKey()` returns, whatever key it was; if
/// the process is ended by a second Ctrl-C meanwhile, the interrupt handler restores it.
public struct KeyReader: Sendable {
  /// A key the pager understands.
  public enum Key: Equatable, Sendable {
    case enter, space, quit, back
    /// Ctrl-C or Ctrl-D: stop.
    case interrupt
    /// Any other key.
    case other(Character)
  }

  private let descriptor: Int32

  /// A reader of stdin's keys, or `nil` when stdin is not a terminal.
  public init?(descriptor: Int32 = STDIN_FILENO) {
    guard isatty(descriptor) == 1 else { return nil }
    self.descriptor = descriptor
  }

  /// Waits for one key; `nil` at end of input or when the terminal cannot be read.
  public func readKey() -> Key? {
    var saved = termios()
    guard tcgetattr(descriptor, &saved) == 0 else { return nil }
    var raw = saved
    raw.c_lflag &= ~tcflag_t(ICANON | ECHO | ISIG | IEXTEN)
    raw.c_iflag &= ~tcflag_t(IXON | ICRNL)
    withUnsafeMutableBytes(of: &raw.c_cc) { bytes in
      bytes[Int(VMIN)] = 1
      bytes[Int(VTIME)] = 0
    }
    guard tcsetattr(descriptor, TCSAFLUSH, &raw) == 0 else { return nil }
    defer { _ = tcsetattr(descriptor, TCSAFLUSH, &saved) }
    var byte: UInt8 = 0
    while true {
      let count = read(descriptor, &byte, 1)
      if count == 1 { break }
      if count < 0, errno == EINTR {
        if InterruptFlag.shared.isRaised { return .interrupt }
        continue
      }
      return nil
    }
    return Self.key(for: byte)
  }

  /// The key a byte stands for.
  public static func key(for byte: UInt8) -> Key {
    switch byte {
    case 0x0D, 0x0A: .enter
    case 0x20: .space
    case UInt8(ascii: "q"), UInt8(ascii: "Q"), 0x1B: .quit
    case UInt8(ascii: "b"), UInt8(ascii: "B"): .back
    case 0x03, 0x04: .interrupt
    default: .other(Character(Unicode.Scalar(byte)))
    }
  }
}
