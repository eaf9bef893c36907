/// A small seeded SplitMix64 generator for bootstraps and feature sampling.
///
/// The classical models carry their own generator so their results depend only on the seed:
/// every tree of a forest gets a seed derived from the forest's seed and its index, so the
/// trees are the same whichever thread builds them and in whatever order.
public struct TreeRandom: RandomNumberGenerator, Sendable {
  private var state: UInt64

  /// Starts the sequence at `seed`.
  public init(seed: UInt64) {
    state = seed
  }

  /// The next 64 random bits.
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    return Self.mix(state)
  }

  /// A value in `0..<bound`, without modulo bias worth measuring for bounds below 2³².
  mutating func below(_ bound: Int) -> Int {
    Int(((next() >> 32) &* UInt64(bound)) >> 32)
  }

  /// The seed of member `index` of an ensemble seeded with `seed`.
  static func derivedSeed(_ seed: UInt64, index: Int) -> UInt64 {
    mix(seed ^ mix(UInt64(truncatingIfNeeded: index) &+ 0xD1B5_4A32_D192_ED03))
  }

  private static func mix(_ value: UInt64) -> UInt64 {
    var z = value
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
