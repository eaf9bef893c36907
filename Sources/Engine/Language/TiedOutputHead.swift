/// The output head of a language model tied to its token embedding (GPT-2, nanoGPT):
/// logits = x · Eᵀ, where E is the `[vocabulary, d]` token table.
///
/// params = 0 (the matrix is the embedding's, counted there); MACs per token = d × vocabulary.
public struct TiedOutputHead: LanguageLayer {
  /// The shared table, seen as a bias-free linear layer from d to the vocabulary.
  public let projection: Linear

  init(embedding: TokenEmbeddingTable) {
    projection = Linear(
      inputs: embedding.width,
      outputs: embedding.vocabularySize,
      weight: embedding.weight,
      bias: nil
    )
  }

  public var kind: String { "head (tied)" }
  public var parameters: [ParameterSlot] { [] }
  public var formula: String { "0 (tied to the token embedding)" }
  public func macs(context: Int) -> Int64 { projection.macs(context: context) }
}
