/// One transformer encoder/decoder block: self-attention + feed-forward, each with a layer norm.
///
/// Analytic only. On (steps, d) with h heads (head size d/h) and feed-forward width ff:
/// params = 4 × (d·d + d) + (d·ff + ff) + (ff·d + d) + 2 × 2·d
/// (d = 768, ff = 3072: 7,087,872). Pre- or post-norm does not change the count.
/// MACs = steps × (4·d² + 2·d·ff) + 2 × steps²·d
public struct TransformerBlock: LayerDescription {
  /// Attention heads; d must be a multiple of it.
  public var heads: Int
  /// Width of the feed-forward hidden layer (usually 4·d).
  public var feedForward: Int

  /// Creates a transformer block.
  public init(heads: Int, feedForward: Int) {
    self.heads = heads
    self.feedForward = feedForward
  }

  public var kind: String { "transformer" }
  public var isAnalyticOnly: Bool { true }

  public func outputShape(for input: Shape) throws(EngineError) -> Shape {
    try requireAtLeast(1, heads, "transformer heads")
    try requireAtLeast(1, feedForward, "transformer feed-forward width")
    let (_, model) = try sequenceDimensions(input, layer: kind)
    guard model % heads == 0 else {
      throw .invalidArgument("the model width \(model) is not a multiple of \(heads) heads")
    }
    return input
  }

  public func weights(for input: Shape) -> [WeightDescription] {
    let d = input.last
    let headSize = d / max(heads, 1)
    var list: [WeightDescription] = []
    for projection in ["query", "key", "value"] {
      list.append(
        WeightDescription(
          "attention.\(projection).kernel",
          Shape(d, heads, headSize),
          initializer: .glorotUniform
        )
      )
      list.append(
        WeightDescription(
          "attention.\(projection).bias",
          Shape(heads, headSize),
          initializer: .zeros
        )
      )
    }
    list += [
      WeightDescription(
        "attention.attention_output.kernel",
        Shape(heads, headSize, d),
        initializer: .glorotUniform
      ),
      WeightDescription("attention.attention_output.bias", Shape(d), initializer: .zeros),
      WeightDescription("attention_norm.gamma", Shape(d), initializer: .ones),
      WeightDescription("attention_norm.beta", Shape(d), initializer: .zeros),
      WeightDescription("intermediate.kernel", Shape(d, feedForward), initializer: .glorotUniform),
      WeightDescription("intermediate.bias", Shape(feedForward), initializer: .zeros),
      WeightDescription("output.kernel", Shape(feedForward, d), initializer: .glorotUniform),
      WeightDescription("output.bias", Shape(d), initializer: .zeros),
      WeightDescription("output_norm.gamma", Shape(d), initializer: .ones),
      WeightDescription("output_norm.beta", Shape(d), initializer: .zeros),
    ]
    return list
  }

  public func macs(for input: Shape) throws(EngineError) -> Int64 {
    let steps = input.dimensions[0]
    let d = input.last
    let projections = try productMACs(steps, 4, d, d)
    let attention = try productMACs(2, steps, steps, d)
    let feedForwardMACs = try productMACs(2, steps, d, feedForward)
    return try Int64.checkedSum(
      Int64.checkedSum(projections, attention, "transformer MACs"),
      feedForwardMACs,
      "transformer MACs"
    )
  }

  /// Stored for backward: q, k, v, context, attention output, norm (6·d), the scores (h·steps)
  /// and the feed-forward hidden layer (ff), the output and its norm (2·d), per step.
  public func activationElements(for input: Shape) throws(EngineError) -> Int64 {
    let steps = input.dimensions[0]
    let perStep = Int64(8 * input.last) + Int64(feedForward)
    let scores = try productMACs(heads, steps, steps)
    return try Int64.checkedSum(
      Int64.checkedProduct(Int64(steps), perStep, "transformer activations"),
      scores,
      "transformer activations"
    )
  }

  public func formula(for input: Shape) -> String {
    let d = Int64(input.last)
    let ff = Int64(feedForward)
    let total = 4 * (d * d + d) + (d * ff + ff) + (ff * d + d) + 4 * d
    let dText = d.grouped
    let ffText = ff.grouped
    return
      "4 × (\(dText)·\(dText) + \(dText)) + (\(dText)·\(ffText) + \(ffText)) + (\(ffText)·\(dText) + \(dText)) + 4·\(dText) = \(total.grouped)"
  }
}

extension TransformerBlock: ServedLayer {
  /// One encoder-style block: full multi-head attention (K = H), four d×d projections and a
  /// d×ff, ff×d MLP.
  public func addServingFigures(of record: ModelLayer, to model: inout ServingModel) {
    let d = record.inputShape.last
    let ff = feedForward
    model.layers += 1
    model.width = d
    model.keyValueElementsPerToken &+= 2 &* Int64(d)
    model.keyValueHeads = min(model.keyValueHeads, heads)
    model.attentionWidth &+= Int64(d)
    let dd = Int64(d) &* Int64(d)
    let dff = Int64(d) &* Int64(ff)
    model.matrices += [
      ServingModel.Matrices(values: 4 &* dd, inputs: d, isExpert: false),
      ServingModel.Matrices(values: dff, inputs: d, isExpert: false),
      ServingModel.Matrices(values: dff, inputs: ff, isExpert: false),
    ]
    model.activationElementsPerToken = max(
      model.activationElementsPerToken,
      5 &* Int64(d) &+ Int64(ff)
    )
  }
}
