/// The token embedding of a language model (nanoGPT's `wte`): one learned vector per token.
///
/// It runs a spec's `tokenembedding(V,d)` (the GPT) or `embedding(V,E)` (the LSTM model): a
/// row lookup. A tied output head (`TiedOutputHead`) multiplies by the same table, so its
/// matrix is counted once.
public struct TokenEmbeddingTable: MatrixWeighted {
  /// Number of tokens.
  public let vocabularySize: Int
  /// Width of one vector.
  public let width: Int
  /// The `[vocabulary, width]` table.
  public let weight: ParameterSlot

  init(_ name: String, vocabularySize: Int, width: Int, layout: inout ParameterLayout) {
    self.vocabularySize = vocabularySize
    self.width = width
    weight = layout.add("\(name).weight", [vocabularySize, width])
  }

  public var parameters: [ParameterSlot] { [weight] }
  public var matrices: [ParameterSlot] { [weight] }
}
