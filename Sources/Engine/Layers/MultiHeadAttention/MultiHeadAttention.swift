/// Multi-head self-attention (Keras `MultiHeadAttention(heads, key_dim)` called as `mha(x, x)`).
///
/// On a (steps, d) input with h heads and per-head key size kd (value size = kd):
/// params = 3 × (d·h·kd + h·kd) + (h·kd·d + d)
/// MACs = steps × 4·d·h·kd (projections) + 2 × steps²·h·kd (scores and weighted sum)
public struct MultiHeadAttention: LayerDescription, Equatable {
  /// Number of attention heads.
  public var heads: Int
  /// Size of each head's query and key (Keras `key_dim`, per head).
  public var keyDimension: Int

  /// Creates a self-attention layer.
  public init(heads: Int, keyDimension: Int) {
    self.heads = heads
    self.keyDimension = keyDimension
  }

  public var kind: String { "mha" }

  public func outputShape(for input: Shape) throws(EngineError) -> Shape {
    try requireAtLeast(1, heads, "mha heads")
    try requireAtLeast(1, keyDimension, "mha key_dim")
    _ = try sequenceDimensions(input, layer: kind)
    return input
  }

  public func weights(for input: Shape) -> [WeightDescription] {
    let model = input.last
    var list: [WeightDescription] = []
    for projection in ["query", "key", "value"] {
      list.append(
        WeightDescription(
          "\(projection).kernel",
          Shape(model, heads, keyDimension),
          initializer: .glorotUniform
        )
      )
      list.append(
        WeightDescription("\(projection).bias", Shape(heads, keyDimension), initializer: .zeros)
      )
    }
    list.append(
      WeightDescription(
        "attention_output.kernel",
        Shape(heads, keyDimension, model),
        initializer: .glorotUniform
      )
    )
    list.append(WeightDescription("attention_output.bias", Shape(model), initializer: .zeros))
    return list
  }

  public func macs(for input: Shape) throws(EngineError) -> Int64 {
    let steps = input.dimensions[0]
    let projections = try productMACs(steps, 4, input.last, heads, keyDimension)
    let attention = try productMACs(2, steps, steps, heads, keyDimension)
    return try Int64.checkedSum(projections, attention, "the MACs of mha")
  }

  public func formula(for input: Shape) -> String {
    let d = Int64(input.last)
    let inner = Int64(heads) * Int64(keyDimension)
    let total = 3 * (d * inner + inner) + (inner * d + d)
    let h = heads.grouped
    let kd = keyDimension.grouped
    let dText = d.grouped
    return
      "3 × (\(dText)·\(h)·\(kd) + \(h)·\(kd)) + (\(h)·\(kd)·\(dText) + \(dText)) = \(total.grouped)"
  }
}

extension MultiHeadAttention {
  /// The attention scores (heads × steps²) and the four projections.
  public func workspaceElements(for input: Shape, output: Shape) throws(EngineError) -> Int64 {
    guard input.rank == 2 else { return 0 }
    let what = "the memory estimate"
    let steps = input.dimensions[0]
    let scores = try Int64.checkedProduct([heads, steps, steps], what)
    let projections = try Int64.checkedProduct([4, heads, keyDimension, steps], what)
    return try Int64.checkedSum(scores, projections, what)
  }
}
