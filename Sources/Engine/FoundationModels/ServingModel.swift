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
  public var totalParameters: Int64
  /// Parameters used per token.
  public var activeParameters: Int64
  /// Attention blocks.
  public var layers: Int
  /// KV-cache values per token over all blocks: Σ 2 × kv_heads × head_dim.
  public var keyValueElementsPerToken: Int64
  /// The fewest KV heads of any block (tensor parallelism past it replicates the cache).
  public var keyValueHeads: Int
  /// Σ heads × head_dim over the blocks (attention FLOPs per token pair).
  public var attentionWidth: Int64
  /// The blocks' weight matrices.
  public var matrices: [Matrices]
  /// Experts per block and experts per token (0, 0 for dense models).
  public var experts: Int
  /// Experts each token is routed to.
  public var topExperts: Int
  /// The token embedding table's values.
  public var embeddingParameters: Int64
  /// Whether the LM head reuses the embedding (then decoding reads it).
  public var tiedHead: Bool
  /// Model width d.
  public var width: Int
  /// Vocabulary (the logits' width), 0 when the model has no head.
  public var vocabulary: Int
  /// Transient values per token in flight: 2·d + (H + 2·K)·hd + hidden MLP values.
  public var activationElementsPerToken: Int64
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
  public init(model: ModelDescription) throws(EngineError) {
    var layers = 0
    var kv: Int64 = 0
    var kvHeads = Int.max
    var attention: Int64 = 0
    var matrices: [Matrices] = []
    var experts = 0
    var top = 0
    var embedding: Int64 = 0
    var tied = false
    var width = 0
    var vocabulary = 0
    var activation: Int64 = 0
    var positionLimit: Int?
    for record in model.layers {
      let input = record.inputShape
      switch record.layer {
      case let block as DecoderBlock:
        let d = input.last
        let hd = block.headSize(width: d)
        layers += 1
        width = d
        kv &+= block.keyValueElementsPerToken(width: d)
        kvHeads = min(kvHeads, block.keyValueHeads)
        attention &+= Int64(block.heads) &* Int64(hd)
        if block.experts > 0 {
          experts = block.experts
          top = block.topExperts
        }
        for weight in record.weights
        where weight.name.hasSuffix(".kernel") && !weight.name.contains("router") {
          let dims = weight.shape.dimensions
          matrices.append(
            Matrices(
              values: (try? weight.elementCount()) ?? 0,
              inputs: dims.count >= 2 ? dims[dims.count - 2] : 1,
              isExpert: weight.name.hasPrefix("mlp.experts.")
            )
          )
        }
        let routed = Int64(block.experts > 0 ? block.topExperts : 1)
        let hidden = Int64(block.mlpKind == .swiglu ? 2 : 1) &* Int64(block.mlpWidth) &* routed
        let perToken =
          2 &* Int64(d) &+ Int64(block.heads + 2 * block.keyValueHeads) &* Int64(hd) &+ hidden
        activation = max(activation, perToken)
      case let block as TransformerBlock:
        let d = input.last
        let ff = block.feedForward
        layers += 1
        width = d
        kv &+= 2 &* Int64(d)
        kvHeads = min(kvHeads, block.heads)
        attention &+= Int64(d)
        let dd = Int64(d) &* Int64(d)
        let dff = Int64(d) &* Int64(ff)
        matrices += [
          Matrices(values: 4 &* dd, inputs: d, isExpert: false),
          Matrices(values: dff, inputs: d, isExpert: false),
          Matrices(values: dff, inputs: ff, isExpert: false),
        ]
        activation = max(activation, 5 &* Int64(d) &+ Int64(ff))
      case let table as TokenEmbedding:
        embedding &+= record.parameters
        width = table.width
      case let table as TransformerEmbedding:
        embedding &+= Int64(table.vocabularySize) &* Int64(table.dimension)
        if table.positions > 0 { positionLimit = table.positions }
      case let table as LearnedPositions:
        positionLimit = table.positions
      case let head as OutputHead:
        tied = head.tied
        vocabulary = head.vocabularySize
      case let head as LanguageModelHead:
        tied = head.tied
        vocabulary = head.vocabularySize
      default:
        break
      }
    }
    guard layers > 0 else {
      throw .unsupported(
        "calc serve needs a language model with attention blocks (decoder(...) or transformer(...)); try llama-3.1-8b, mistral-7b or a config.json"
      )
    }
    self.totalParameters = model.totalParameters
    self.activeParameters = model.activeParameters
    self.layers = layers
    self.keyValueElementsPerToken = kv
    self.keyValueHeads = kvHeads
    self.attentionWidth = attention
    self.matrices = matrices
    self.experts = experts
    self.topExperts = top
    self.embeddingParameters = embedding
    self.tiedHead = tied
    self.width = width
    self.vocabulary = vocabulary
    self.activationElementsPerToken = activation
    self.positionLimit = positionLimit
  }
}
