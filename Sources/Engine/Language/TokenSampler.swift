import Foundation

/// Picks the next token from logits: temperature, then top-k, then a seeded draw (as
/// nanoGPT's `generate`: logits / T, keep the k largest, softmax, multinomial).
public struct TokenSampler: Sendable {
  /// Divides the logits: below 1 sharpens, above 1 flattens, 0 picks the most likely token.
  public var temperature: Double
  /// Keeps only the k most likely tokens (`nil`: all).
  public var topK: Int?
  private var generator: SeededGenerator

  /// A sampler drawing from `seed`.
  public init(temperature: Double, topK: Int?, seed: UInt64) {
    self.temperature = temperature
    self.topK = topK
    generator = SeededGenerator(seed: seed)
  }

  /// The next token for `logits`.
  public mutating func next(_ logits: [Float]) -> Int32 {
    var largestIndex = 0
    for (index, value) in logits.enumerated() where value > logits[largestIndex] {
      largestIndex = index
    }
    if temperature <= 0 { return Int32(largestIndex) }
    var scaled = logits.map { Double($0) / temperature }
    if let topK, topK < scaled.count {
      let cutoff = scaled.sorted(by: >)[max(topK, 1) - 1]
      for index in scaled.indices where scaled[index] < cutoff { scaled[index] = -.infinity }
    }
    let largest = scaled.max() ?? 0
    let weights = scaled.map { $0 == -.infinity ? 0 : Foundation.exp($0 - largest) }
    let total = weights.reduce(0, +)
    var draw = generator.nextUnit() * total
    for (index, weight) in weights.enumerated() where weight > 0 {
      draw -= weight
      if draw < 0 { return Int32(index) }
    }
    return Int32(largestIndex)
  }
}
