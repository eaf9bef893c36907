/// The shape of a GPT-style character model: nanoGPT's `GPTConfig`.
public struct GPTConfiguration: Sendable, Equatable, Codable {
  /// Number of tokens (65 characters for tiny Shakespeare).
  public var vocabularySize: Int
  /// The longest context the model sees (nanoGPT's `block_size`).
  public var contextLength: Int
  /// Transformer blocks.
  public var layers: Int
  /// Attention heads per block.
  public var heads: Int
  /// Width of the residual stream (`n_embd`).
  public var width: Int
  /// Hidden features of each MLP (4 × width in GPT-2).
  public var hiddenWidth: Int
  /// Whether the linear layers have biases (the norms always have β).
  public var bias: Bool
  /// Width of one attention head when it is not width / heads (a model whose heads were
  /// pruned keeps the size of each remaining head); `nil` for the usual width / heads.
  public var headWidth: Int?

  /// Width of one attention head.
  public var headSize: Int { headWidth ?? width / max(1, heads) }

  /// Width of the queries, keys and values together: heads × head size (the residual width
  /// unless heads were pruned).
  public var attentionWidth: Int { heads * headSize }

  /// Creates a configuration; `hiddenWidth` defaults to 4 × width.
  public init(
    vocabularySize: Int,
    contextLength: Int,
    layers: Int,
    heads: Int,
    width: Int,
    hiddenWidth: Int? = nil,
    bias: Bool = true,
    headWidth: Int? = nil
  ) {
    self.vocabularySize = vocabularySize
    self.contextLength = contextLength
    self.layers = layers
    self.heads = heads
    self.width = width
    self.hiddenWidth = hiddenWidth ?? 4 * width
    self.bias = bias
    self.headWidth = headWidth
  }

  /// nanoGPT's `shakespeare_char` configuration for a CPU: 4 layers, 4 heads, width 128,
  /// context 64, 809,856 parameters.
  public static let tinyGPT = GPTConfiguration(
    vocabularySize: 65,
    contextLength: 64,
    layers: 4,
    heads: 4,
    width: 128
  )

  /// Checks that the shape can be built.
  public func validate() throws(EngineError) {
    for (value, name) in [
      (vocabularySize, "vocabulary size"), (contextLength, "context length"), (layers, "layers"),
      (heads, "heads"), (width, "width"), (hiddenWidth, "MLP width"),
    ] where value < 1 {
      throw .invalidArgument("a language model needs a \(name) of at least 1, got \(value)")
    }
    if let headWidth {
      // Pruned heads keep their size: the attention is at most as wide as the residual.
      guard headWidth >= 1, heads * headWidth <= width else {
        throw .invalidArgument(
          "\(heads) heads of \(headWidth) do not fit a width of \(width); heads × head width must be between 1 and the width"
        )
      }
      return
    }
    guard width % heads == 0 else {
      throw .invalidArgument(
        "the width \(width) is not a multiple of \(heads) heads; each head takes an equal share"
      )
    }
  }
}
