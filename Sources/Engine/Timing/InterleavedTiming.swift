/// Times two closures in interleaved rounds so that drift in the machine's speed (other
/// processes, frequency scaling, a warming cache) falls on both alike.
///
/// Round i runs A then B when i is even and B then A when i is odd, so neither always
/// goes first. The clock is injectable so tests can use a fake one.
public struct InterleavedTiming<C: Clock>: Sendable where C.Duration == Duration {
  /// Untimed rounds first.
  public var warmUp: Int
  /// Timed rounds; each gives one pair.
  public var rounds: Int
  /// The clock that measures each run.
  public var clock: C

  public init(warmUp: Int = 10, rounds: Int = 100, clock: C) {
    self.warmUp = warmUp
    self.rounds = rounds
    self.clock = clock
  }

  /// Runs both closures and returns their timings round by round.
  public func measure(_ first: () -> Void, _ second: () -> Void) -> (
    first: [Duration], second: [Duration]
  ) {
    for _ in 0..<max(warmUp, 0) {
      first()
      second()
    }
    var a: [Duration] = []
    var b: [Duration] = []
    a.reserveCapacity(max(rounds, 0))
    b.reserveCapacity(max(rounds, 0))
    for round in 0..<max(rounds, 0) {
      if round % 2 == 0 {
        a.append(time(first))
        b.append(time(second))
      } else {
        b.append(time(second))
        a.append(time(first))
      }
    }
    return (a, b)
  }

  private func time(_ body: () -> Void) -> Duration {
    let start = clock.now
    body()
    return start.duration(to: clock.now)
  }
}

extension InterleavedTiming where C == ContinuousClock {
  /// Interleaved timing by `ContinuousClock`.
  public init(warmUp: Int = 10, rounds: Int = 100) {
    self.init(warmUp: warmUp, rounds: rounds, clock: ContinuousClock())
  }
}
