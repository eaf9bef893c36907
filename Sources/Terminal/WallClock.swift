import Foundation

/// Where commands read the time from, so that tests can fix it.
///
/// Commands never call `Date()` themselves (DESIGN.md): they ask the session's clock, the
/// system clock in the tool and a fixed or stepped one in tests.
public protocol WallClock: Sendable {
  /// The current time.
  func now() -> Date
}

/// The system's clock.
public struct SystemClock: WallClock {
  public init() {}

  public func now() -> Date { Date() }
}
