/// The output head of a language model tied to its token embedding (GPT-2, nanoGPT):
/// logits = x · Eᵀ, where E is the `[vocabulary, d]` token table.
///
/// It runs a spec's `head(V,tied=true)`: no weights of its own (the matrix is the
/// embedding's, counted there).
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

  public var parameters: [ParameterSlot] { [] }
}
