/// Learned absolute positions (nanoGPT's `wpe`): one vector per place in the context.
///
/// params = context × width; no multiply-accumulates (an addition per value).
public struct PositionEmbeddingTable: LanguageLayer {
  /// The longest context the table covers (the block size).
  public let positions: Int
  /// Width of one vector.
  public let width: Int
  /// The `[positions, width]` table.
  public let weight: ParameterSlot

  init(_ name: String, positions: Int, width: Int, layout: inout ParameterLayout) {
    self.positions = positions
    self.width = width
    weight = layout.add("\(name).weight", [positions, width])
  }

  public var kind: String { "position embedding" }
  public var parameters: [ParameterSlot] { [weight] }
  public var formula: String { "\(positions) × \(width) = \(positions * width)" }
  public func macs(context: Int) -> Int64 { 0 }
}

extension PositionEmbeddingTable {
  /// Adds position `start + t` to row `b·tokens + t` for every sequence of the batch.
  func forward(
    batch: Int,
    tokens: Int,
    start: Int = 0,
    weights: UnsafePointer<Float>,
    into output: UnsafeMutablePointer<Float>
  ) {
    for b in 0..<batch {
      for t in 0..<tokens {
        let row = output + (b * tokens + t) * width
        let vector = weights + weight.offset + (start + t) * width
        for j in 0..<width { row[j] += vector[j] }
      }
    }
  }

  /// Adds each row's gradient to the vector of its position.
  func backward(
    batch: Int,
    tokens: Int,
    gradOutput dy: UnsafePointer<Float>,
    gradients: UnsafeMutablePointer<Float>
  ) {
    for b in 0..<batch {
      for t in 0..<tokens {
        let source = dy + (b * tokens + t) * width
        let target = gradients + weight.offset + t * width
        for j in 0..<width { target[j] += source[j] }
      }
    }
  }
}
