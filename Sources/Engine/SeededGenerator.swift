import RealModule

/// The engine's one deterministic random number generator: xoshiro256** seeded through
/// SplitMix64.
///
/// Weights, data splits, shuffles, dropout masks, synthetic data, the trees' bootstraps and
/// feature draws, and the quiz and exam order all draw from it. The same
/// seed gives the same sequence on every platform, run and Swift version (unlike
/// `SystemRandomNumberGenerator`), which is what makes training bit-for-bit repeatable. The 64-bit seed is expanded into the 256-bit state
/// with SplitMix64, as the xoshiro authors recommend (Blackman & Vigna, prng.di.unimi.it).
public struct SeededGenerator: RandomNumberGenerator, Sendable {
  @usableFromInline var s0: UInt64
  @usableFromInline var s1: UInt64
  @usableFromInline var s2: UInt64
  @usableFromInline var s3: UInt64

  /// Creates a generator whose whole sequence is fixed by `seed`.
  public init(seed: UInt64) {
    var splitMix = seed
    func next() -> UInt64 {
      splitMix &+= 0x9E37_79B9_7F4A_7C15
      return Self.mix(splitMix)
    }
    s0 = next()
    s1 = next()
    s2 = next()
    s3 = next()
  }

  /// The seed of member `index` of an ensemble (a forest's trees, a boosting round) seeded
  /// with `seed`, so each member's draws depend only on the seed and its index, not on which
  /// thread builds it or in what order.
  public static func derivedSeed(_ seed: UInt64, index: Int) -> UInt64 {
    mix(seed ^ mix(UInt64(truncatingIfNeeded: index) &+ 0xD1B5_4A32_D192_ED03))
  }

  /// SplitMix64's output function (Stafford's variant 13).
  static func mix(_ value: UInt64) -> UInt64 {
    var z = value
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// The next 64 random bits.
  @inlinable
  public mutating func next() -> UInt64 {
    let result = rotateLeft(s1 &* 5, 7) &* 9
    let shifted = s1 << 17
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= shifted
    s3 = rotateLeft(s3, 45)
    return result
  }

  /// A uniform `Float` in [0, 1) from the top 24 bits.
  @inlinable
  public mutating func nextUnitFloat() -> Float {
    Float(next() >> 40) * 0x1p-24
  }

  /// A uniform `Double` in [0, 1) from the top 53 bits.
  @inlinable
  public mutating func nextUnit() -> Double {
    Double(next() >> 11) * 0x1p-53
  }

  /// A uniform `Float` in [-limit, limit).
  public mutating func nextUniform(limit: Float) -> Float {
    Float((nextUnit() * 2 - 1) * Double(limit))
  }

  /// A uniform integer in `0 ..< bound` (Lemire's nearly divisionless method, unbiased).
  @inlinable
  public mutating func nextInt(below bound: Int) -> Int {
    precondition(bound > 0)
    return Int(truncatingIfNeeded: next(upperBound: UInt64(bound)))
  }

  /// A standard normal sample by the Box–Muller transform: `√(−2 ln u₁) · cos(2π u₂)`.
  public mutating func nextNormal() -> Double {
    let u1 = 1 - nextUnit()
    let u2 = nextUnit()
    return (-2 * Double.log(u1)).squareRoot() * Double.cos(2 * Double.pi * u2)
  }

  /// A uniformly shuffled permutation of `0 ..< count` (Fisher–Yates, deterministic).
  public mutating func permutation(_ count: Int) -> [Int] {
    var result = Array(0..<count)
    if count < 2 { return result }
    for i in stride(from: count - 1, to: 0, by: -1) {
      let j = nextInt(below: i + 1)
      result.swapAt(i, j)
    }
    return result
  }

  @inlinable
  func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}
