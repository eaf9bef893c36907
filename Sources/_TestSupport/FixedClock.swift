import Foundation
import Synchronization
import Terminal

/// A clock that stands still until a test moves it, for deterministic timer tests.
public final class FixedClock: TimeSource {
  private let current: Mutex<Date>

  /// A clock showing `date` (by default 2026-12-01T09:00:00Z).
  public init(_ date: Date = Date(timeIntervalSince1970: 1_796_115_600)) {
    current = Mutex(date)
  }

  public var now: Date { current.withLock { $0 } }

  /// Moves the clock forward by `seconds`.
  public func advance(by seconds: TimeInterval) {
    current.withLock { $0 = $0.addingTimeInterval(seconds) }
  }

  /// Sets the clock to `date`.
  public func set(_ date: Date) {
    current.withLock { $0 = date }
  }
}
