/// A language model's output head: (tokens, d) → (tokens, vocabulary) logits.
///
/// Analytic only. params = d × vocabulary when untied, 0 when tied to the token embedding
/// (counted once, as `transformers` does), plus vocabulary when it has a bias (BERT's and
/// DistilBERT's masked-LM heads). MACs = tokens × d × vocabulary either way.
public struct OutputHead: LayerDescription {
  /// Number of output tokens.
  public var vocabularySize: Int
  /// Whether the matrix is the token embedding's (no parameters of its own).
  public var tied: Bool
  /// Whether the head adds one bias per token.
  public var bias: Bool

  /// Creates a head.
  public init(vocabularySize: Int, tied: Bool, bias: Bool = false) {
    self.vocabularySize = vocabularySize
    self.tied = tied
    self.bias = bias
  }

  public var kind: String { "head" }
  public var isAnalyticOnly: Bool { true }

  public func outputShape(for input: Shape) throws(EngineError) -> Shape {
    try requireAtLeast(1, vocabularySize, "head vocabulary size")
    let (tokens, _) = try sequenceDimensions(input, layer: kind)
    return Shape(tokens, vocabularySize)
  }

  public func weights(for input: Shape) -> [WeightDescription] {
    var list: [WeightDescription] = []
    if !tied {
      list.append(
        WeightDescription("kernel", Shape(input.last, vocabularySize), initializer: .glorotUniform)
      )
    }
    if bias { list.append(WeightDescription("bias", Shape(vocabularySize), initializer: .zeros)) }
    return list
  }

  public func macs(for input: Shape) throws(EngineError) -> Int64 {
    try productMACs(input.dimensions[0], input.last, vocabularySize)
  }

  public func formula(for input: Shape) -> String {
    let matrix = tied ? Int64(0) : Int64(input.last) &* Int64(vocabularySize)
    let total = matrix &+ (bias ? Int64(vocabularySize) : 0)
    var text =
      tied
      ? "0 (tied to the token embedding)"
      : "\(input.last.grouped) × \(vocabularySize.grouped)"
    if bias { text += " + \(vocabularySize.grouped) (bias)" }
    return text + " = \(total.grouped)"
  }
}

extension OutputHead: ServedLayer {
  /// The logits' width and whether decoding reads the embedding table as the head.
  public func addServingFigures(of record: ModelLayer, to model: inout ServingModel) {
    model.tiedHead = tied
    model.vocabulary = vocabularySize
  }
}
