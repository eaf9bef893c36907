/// Token, position and segment embeddings of a transformer, summed, with an optional layer norm.
///
/// Analytic only. (steps) token ids → (steps, dimension).
/// params = vocabulary·d + positions·d + segments·d + (2·d with the layer norm)
/// BERT: 30,522·768 + 512·768 + 2·768 + 2·768 = 23,837,184
public struct TransformerEmbedding: LayerDescription {
  /// Number of distinct token ids.
  public var vocabularySize: Int
  /// Model width d.
  public var dimension: Int
  /// Learned positions (the context length); 0 for none.
  public var positions: Int
  /// Token-type (segment) vectors, 2 in BERT; 0 for none.
  public var segments: Int
  /// Whether a layer norm follows the sum (BERT, DistilBERT; not GPT-2).
  public var layerNorm: Bool

  /// Creates a transformer embedding block.
  public init(
    vocabularySize: Int,
    dimension: Int,
    positions: Int = 0,
    segments: Int = 0,
    layerNorm: Bool = false
  ) {
    self.vocabularySize = vocabularySize
    self.dimension = dimension
    self.positions = positions
    self.segments = segments
    self.layerNorm = layerNorm
  }

  public var kind: String { "transformerembedding" }

  public var readsTokenIds: Bool { true }

  public var isAnalyticOnly: Bool { true }

  public func outputShape(for input: Shape) throws(EngineError) -> Shape {
    try requireAtLeast(1, vocabularySize, "vocabulary size")
    try requireAtLeast(1, dimension, "embedding dimension")
    try requireAtLeast(0, positions, "positions")
    try requireAtLeast(0, segments, "segments")
    guard input.rank == 1 else {
      throw .wrongInputRank(layer: kind, expected: "a sequence of token ids (steps)", input: input)
    }
    if positions > 0 && input.dimensions[0] > positions {
      throw .impossibleShape(
        "the sequence has \(input.dimensions[0]) tokens but only \(positions) positions are learned"
      )
    }
    return Shape(input.dimensions[0], dimension)
  }

  public func weights(for input: Shape) -> [WeightDescription] {
    var list = [
      WeightDescription(
        "word_embeddings",
        Shape(vocabularySize, dimension),
        initializer: .uniform(limit: 0.05)
      )
    ]
    if positions > 0 {
      list.append(
        WeightDescription(
          "position_embeddings",
          Shape(positions, dimension),
          initializer: .uniform(limit: 0.05)
        )
      )
    }
    if segments > 0 {
      list.append(
        WeightDescription(
          "token_type_embeddings",
          Shape(segments, dimension),
          initializer: .uniform(limit: 0.05)
        )
      )
    }
    if layerNorm {
      list.append(WeightDescription("norm.gamma", Shape(dimension), initializer: .ones))
      list.append(WeightDescription("norm.beta", Shape(dimension), initializer: .zeros))
    }
    return list
  }

  public func macs(for input: Shape) throws(EngineError) -> Int64 { 0 }

  public func formula(for input: Shape) -> String {
    let d = Int64(dimension)
    var parts = ["\(vocabularySize.grouped)·\(d.grouped)"]
    var total = Int64(vocabularySize) * d
    if positions > 0 {
      parts.append("\(positions.grouped)·\(d.grouped)")
      total += Int64(positions) * d
    }
    if segments > 0 {
      parts.append("\(segments.grouped)·\(d.grouped)")
      total += Int64(segments) * d
    }
    if layerNorm {
      parts.append("2·\(d.grouped)")
      total += 2 * d
    }
    return parts.joined(separator: " + ") + " = \(total.grouped)"
  }
}

extension TransformerEmbedding: ServedLayer {
  /// The token table (its vocabulary × dimension values) and the position table's length.
  public func addServingFigures(of record: ModelLayer, to model: inout ServingModel) {
    model.embeddingParameters &+= Int64(vocabularySize) &* Int64(dimension)
    if positions > 0 { model.positionLimit = positions }
  }
}
