/// Token embedding of a language model: token ids (tokens) → (tokens, width).
///
/// Analytic only. params = vocabulary × width (+ segments × width for BERT's token types).
/// An LM head with `tied=true` reuses this matrix, so it is counted once.
public struct TokenEmbedding: LayerDescription {
  /// Number of token ids.
  public var vocabularySize: Int
  /// Width of each token's vector (the model width d).
  public var width: Int
  /// Token-type (segment) embeddings (BERT: 2), 0 for none.
  public var segments: Int

  /// Creates a token embedding.
  public init(vocabularySize: Int, width: Int, segments: Int = 0) {
    self.vocabularySize = vocabularySize
    self.width = width
    self.segments = segments
  }

  public var kind: String { "tokenembedding" }
  public var isAnalyticOnly: Bool { true }

  public func outputShape(for input: Shape) throws(EngineError) -> Shape {
    try requireAtLeast(1, vocabularySize, "tokenembedding vocabulary size")
    try requireAtLeast(1, width, "tokenembedding width")
    try requireAtLeast(0, segments, "tokenembedding segments")
    guard input.rank == 1 else {
      throw .wrongInputRank(
        layer: kind,
        expected: "a sequence of token ids, e.g. input(4096)",
        input: input
      )
    }
    return Shape(input.dimensions[0], width)
  }

  public func weights(for input: Shape) -> [WeightDescription] {
    var list = [
      WeightDescription(
        "embeddings",
        Shape(vocabularySize, width),
        initializer: .uniform(limit: 0.05)
      )
    ]
    if segments > 0 {
      list.append(
        WeightDescription(
          "segment_embeddings",
          Shape(segments, width),
          initializer: .uniform(limit: 0.05)
        )
      )
    }
    return list
  }

  public func macs(for input: Shape) throws(EngineError) -> Int64 { 0 }

  public func formula(for input: Shape) -> String {
    let tokens = Int64(vocabularySize) &* Int64(width)
    let extra = Int64(segments) &* Int64(width)
    var text = "\(vocabularySize.grouped) × \(width.grouped)"
    if segments > 0 { text += " + \(segments) × \(width.grouped)" }
    return text + " = \((tokens &+ extra).grouped)"
  }
}

extension TokenEmbedding: ServedLayer {
  /// The token table: its values and the model width.
  public func addServingFigures(of record: ModelLayer, to model: inout ServingModel) {
    model.embeddingParameters &+= record.parameters
    model.width = width
  }
}
