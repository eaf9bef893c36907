import Foundation

/// Where commands read the current time, so that tests can fix it (DESIGN.md: no `Date()`
/// in commands).
public protocol TimeSource: Sendable {
  /// The current time.
  var now: Date { get }
}

/// The system's wall clock.
public struct SystemTimeSource: TimeSource {
  public init() {}

  public var now: Date { Date() }
}
