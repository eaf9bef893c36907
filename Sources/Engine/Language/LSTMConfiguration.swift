/// The shape of an LSTM character language model (char-rnn's shape, PyTorch's modules).
///
/// tokens → `nn.Embedding(V, E)` → `nn.LSTM(E, H, num_layers: L, batch_first: true)` →
/// `nn.Linear(H, V)` → logits. Training windows are `contextLength` tokens long; the state
/// starts at zero in each window, and generation carries it on without limit.
public struct LSTMConfiguration: Sendable, Equatable, Codable {
  /// Number of tokens (65 characters for tiny Shakespeare).
  public var vocabularySize: Int
  /// Tokens per training window (backpropagation through time over the whole window).
  public var contextLength: Int
  /// Width of the token embedding (E).
  public var embeddingWidth: Int
  /// Size of each layer's hidden and cell state (H).
  public var hiddenWidth: Int
  /// Stacked LSTM layers (L).
  public var layers: Int

  /// Creates a configuration.
  public init(
    vocabularySize: Int,
    contextLength: Int,
    embeddingWidth: Int,
    hiddenWidth: Int,
    layers: Int
  ) {
    self.vocabularySize = vocabularySize
    self.contextLength = contextLength
    self.embeddingWidth = embeddingWidth
    self.hiddenWidth = hiddenWidth
    self.layers = layers
  }

  /// The `tiny-lstm` preset: embedding 65 × 128, two LSTM layers of 232, a 232 → 65 head,
  /// 64-character windows; 791,849 parameters as PyTorch counts them (tiny-gpt: 809,856).
  public static let tinyLSTM = LSTMConfiguration(
    vocabularySize: 65,
    contextLength: 64,
    embeddingWidth: 128,
    hiddenWidth: 232,
    layers: 2
  )

  /// Features entering LSTM layer `layer`: the embedding's width, then the layer below's H.
  public func inputWidth(ofLayer layer: Int) -> Int {
    layer == 0 ? embeddingWidth : hiddenWidth
  }

  /// Checks that the shape can be built.
  public func validate() throws(EngineError) {
    for (value, name) in [
      (vocabularySize, "vocabulary size"), (contextLength, "window length"),
      (embeddingWidth, "embedding width"), (hiddenWidth, "hidden width"), (layers, "layers"),
    ] where value < 1 {
      throw .invalidArgument("an LSTM language model needs a \(name) of at least 1, got \(value)")
    }
  }
}

extension LSTMConfiguration: LanguageModelConfiguration {
  public typealias Model = LSTMLanguageModel

  public func trainingBytes(batch: Int) -> Int64 {
    16 * Int64(parameterCount)
      + LSTMWorkspace.trainingBytes(self, batch: batch, tokens: contextLength)
  }
}
