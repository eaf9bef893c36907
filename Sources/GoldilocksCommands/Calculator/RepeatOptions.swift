import ArgumentParser
import Engine
import Foundation

/// `--repeats N`: run a measuring command with N seeds and report means with 95 % intervals.
struct RepeatOptions: ParsableArguments {
  @Option(
    parsing: .unconditional,
    help:
      "Run with N seeds (the seed, seed+1, …) and report each figure's mean with a 95 % interval; a verdict only where the interval of the difference excludes zero."
  )
  var repeats: Int = 1

  /// The largest number of repeats accepted.
  static let limit = 50

  /// Refuses a count outside 1…`limit` while the command line is parsed.
  func validate() throws {
    guard (1...Self.limit).contains(repeats) else {
      throw GoldilocksError.invalidValue(
        "--repeats must be between 1 and \(Self.limit) (the number of seeds to train with), got \(repeats)"
      )
    }
  }

  /// Whether more than one seed is run.
  var isRepeated: Bool { repeats > 1 }

  /// The seeds to run: `seed`, `seed + 1` and so on.
  func seeds(from seed: UInt64) -> [UInt64] {
    (0..<UInt64(max(1, repeats))).map { seed &+ $0 }
  }
}
