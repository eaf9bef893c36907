/// A language-model head: (steps, d) → (steps, vocabulary) logits, no bias.
///
/// Analytic only. params = 0 when tied to the token embedding (GPT-2), else d·vocabulary.
/// MACs = steps × d × vocabulary either way.
public struct LanguageModelHead: LayerDescription {
  /// Number of output tokens.
  public var vocabularySize: Int
  /// Whether the head reuses the embedding matrix (no parameters of its own).
  public var tied: Bool

  /// Creates a language-model head.
  public init(vocabularySize: Int, tied: Bool = true) {
    self.vocabularySize = vocabularySize
    self.tied = tied
  }

  public var kind: String { "lmhead" }
  public var isAnalyticOnly: Bool { true }

  public func outputShape(for input: Shape) throws(EngineError) -> Shape {
    try requireAtLeast(1, vocabularySize, "lmhead vocabulary size")
    let (steps, _) = try sequenceDimensions(input, layer: kind)
    return Shape(steps, vocabularySize)
  }

  public func weights(for input: Shape) -> [WeightDescription] {
    tied
      ? []
      : [
        WeightDescription(
          "kernel",
          Shape(input.last, vocabularySize),
          initializer: .glorotUniform
        )
      ]
  }

  public func macs(for input: Shape) throws(EngineError) -> Int64 {
    try productMACs(input.dimensions[0], input.last, vocabularySize)
  }

  public func formula(for input: Shape) -> String {
    if tied { return "0 (tied to the token embedding)" }
    let total = Int64(input.last) * Int64(vocabularySize)
    return "\(input.last.grouped) × \(vocabularySize.grouped) = \(total.grouped)"
  }
}

extension LanguageModelHead: ServedLayer {
  /// The logits' width and whether decoding reads the embedding table as the head.
  public func addServingFigures(of record: ModelLayer, to model: inout ServingModel) {
    model.tiedHead = tied
    model.vocabulary = vocabularySize
  }
}
