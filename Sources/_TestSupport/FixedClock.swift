import Foundation
import Terminal

/// A clock for tests: it shows a set time, which the test moves forward by hand.
public final class FixedClock: WallClock, @unchecked Sendable {
  private let lock = NSLock()
  private var current: Date

  /// A clock showing `start` (by default 2026-01-01T09:00:00Z).
  public init(_ start: Date = Date(timeIntervalSince1970: 1_767_258_000)) {
    current = start
  }

  public func now() -> Date {
    lock.lock()
    defer { lock.unlock() }
    return current
  }

  /// Moves the clock forward by `seconds`.
  public func advance(by seconds: TimeInterval) {
    lock.lock()
    current += seconds
    lock.unlock()
  }
}
