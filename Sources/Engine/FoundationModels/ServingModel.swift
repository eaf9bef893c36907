/// What serving needs to know about a language model, read off its layers: parameters, the
/// KV cache per token, the matrices that weight-only quantization packs, the embedding.
public struct ServingModel: Sendable, Equatable {
  /// One weight matrix kind: how many values and how many inputs each row reads (the axis
  /// quantization groups run along).
  public struct Matrices: Sendable, Equatable {
    /// Values in the matrices.
    public var values: Int64
    /// Inputs per output (the reduced axis).
    public var inputs: Int
    /// Whether they belong to experts.
    public var isExpert: Bool
  }

  /// All parameters (tied weights once).
  public var totalParameters: Int64 = 0
  /// Parameters used per token.
  public var activeParameters: Int64 = 0
  /// Attention blocks.
  public var layers = 0
  /// KV-cache values per token over all blocks: Σ 2 × kv_heads × head_dim.
  public var keyValueElementsPerToken: Int64 = 0
  /// The fewest KV heads of any block (tensor parallelism past it replicates the cache).
  public var keyValueHeads = Int.max
  /// Σ heads × head_dim over the blocks (attention FLOPs per token pair).
  public var attentionWidth: Int64 = 0
  /// The blocks' weight matrices.
  public var matrices: [Matrices] = []
  /// Experts per block and experts per token (0, 0 for dense models).
  public var experts = 0
  /// Experts each token is routed to.
  public var topExperts = 0
  /// The token embedding table's values.
  public var embeddingParameters: Int64 = 0
  /// Whether the LM head reuses the embedding (then decoding reads it).
  public var tiedHead = false
  /// Model width d.
  public var width = 0
  /// Vocabulary (the logits' width), 0 when the model has no head.
  public var vocabulary = 0
  /// Transient values per token in flight: 2·d + (H + 2·K)·hd + hidden MLP values.
  public var activationElementsPerToken: Int64 = 0
  /// The longest sequence a learned position table covers (GPT-2's 1,024, tiny-gpt's 64);
  /// `nil` for rotary positions, which have no table and so no hard limit here.
  public var positionLimit: Int?

  /// The context served when none is asked for: 4,096 tokens, or the whole position table
  /// when it is shorter.
  public var defaultContext: Int { min(4096, positionLimit ?? 4096) }

  /// Values in the blocks' matrices.
  public var matrixParameters: Int64 { matrices.reduce(0) { $0 &+ $1.values } }
  /// Values in the experts' matrices.
  public var expertParameters: Int64 {
    matrices.filter(\.isExpert).reduce(0) { $0 &+ $1.values }
  }

  /// Reads the figures off `model`; throws when it has no attention blocks to serve.
  ///
  /// Each layer that matters for serving (`ServedLayer`: attention blocks, embeddings,
  /// position tables, heads) adds its own figures; the rest are skipped.
  public init(model: ModelDescription) throws(EngineError) {
    for record in model.layers {
      (record.layer as? any ServedLayer)?.addServingFigures(of: record, to: &self)
    }
    guard layers > 0 else {
      throw .unsupported(
        "calc serve needs a language model with attention blocks (decoder(...) or transformer(...)); try llama-3.1-8b, mistral-7b or a config.json"
      )
    }
    totalParameters = model.totalParameters
    activeParameters = model.activeParameters
  }
}
