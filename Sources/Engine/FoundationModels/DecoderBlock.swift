/// One block of a modern transformer: self-attention with grouped-query heads, then an MLP
/// (optionally a mixture of experts), each with its norm.
///
/// Analytic only. On (tokens, d) with H query heads, K key/value heads of size hd, MLP width
/// I and E experts (0 for a dense MLP):
///
///     attention = d·H·hd (q) + 2 × d·K·hd (k, v) + H·hd·d (o)  [+ H·hd + 2·K·hd (+ d) biases]
///     mlp       = 3·d·I (swiglu: gate, up, down) or 2·d·I (gelu: up, down) [+ biases]
///     experts   = E × mlp + d·E (the router)
///     norms     = 2 (4 with post_norms) × (d for rmsnorm, 2·d for layernorm)
///
/// The counts equal `transformers`' for Llama, Mistral, Qwen2, Phi-3 (its fused qkv and
/// gate_up projections hold the same values), Gemma 2 (`post_norms`), Mixtral, GPT-2,
/// BERT and DistilBERT layers (pre- or post-norm does not change the count).
public struct DecoderBlock: LayerDescription, SparselyActivated {
  /// The MLP's shape.
  public enum MLPKind: String, Sendable, CaseIterable {
    /// Gated: down(silu(gate(x)) · up(x)), three matrices (Llama, Mistral, Qwen2, Gemma).
    case swiglu
    /// Two matrices with GELU between them (GPT-2, BERT).
    case gelu
  }

  /// The norm before (or after) attention and the MLP.
  public enum NormKind: String, Sendable, CaseIterable {
    /// Root-mean-square norm: one gain vector (d values).
    case rmsnorm
    /// Layer norm: gain and bias (2·d values).
    case layernorm
  }

  /// Which attention projections have a bias.
  public enum AttentionBias: String, Sendable, CaseIterable {
    /// None (Llama, Mistral, Phi-3, Gemma 2, Mixtral).
    case `false`
    /// Query, key, value and output (GPT-2, BERT, Llama with `attention_bias`).
    case `true`
    /// Query, key and value only (Qwen2).
    case qkv
  }

  /// Query heads.
  public var heads: Int
  /// Key/value heads (grouped-query attention when fewer than `heads`).
  public var keyValueHeads: Int
  /// Size of one head; `nil` means d / heads.
  public var headDimension: Int?
  /// The MLP's hidden width (per expert).
  public var mlpWidth: Int
  /// Gated (3 matrices) or plain (2 matrices) MLP.
  public var mlpKind: MLPKind
  /// The norms' kind.
  public var norm: NormKind
  /// Biases on the attention projections.
  public var attentionBias: AttentionBias
  /// Biases on the MLP's matrices.
  public var mlpBias: Bool
  /// Norms after attention and after the MLP too (Gemma 2's four norms per block).
  public var postNorms: Bool
  /// Experts in the MLP (0: a dense MLP).
  public var experts: Int
  /// Experts each token is routed to.
  public var topExperts: Int

  /// Creates a block.
  public init(
    heads: Int,
    keyValueHeads: Int? = nil,
    headDimension: Int? = nil,
    mlpWidth: Int,
    mlpKind: MLPKind = .swiglu,
    norm: NormKind = .rmsnorm,
    attentionBias: AttentionBias = .false,
    mlpBias: Bool = false,
    postNorms: Bool = false,
    experts: Int = 0,
    topExperts: Int = 0
  ) {
    self.heads = heads
    self.keyValueHeads = keyValueHeads ?? heads
    self.headDimension = headDimension
    self.mlpWidth = mlpWidth
    self.mlpKind = mlpKind
    self.norm = norm
    self.attentionBias = attentionBias
    self.mlpBias = mlpBias
    self.postNorms = postNorms
    self.experts = experts
    self.topExperts = topExperts
  }

  public var kind: String { "decoder" }
  public var isAnalyticOnly: Bool { true }

  /// The head size for an input of width `width`.
  public func headSize(width: Int) -> Int {
    headDimension ?? width / max(heads, 1)
  }

  /// Values the KV cache keeps per token for this block: 2 × kv_heads × head_dim.
  public func keyValueElementsPerToken(width: Int) -> Int64 {
    2 * Int64(keyValueHeads) &* Int64(headSize(width: width))
  }

  public func outputShape(for input: Shape) throws(EngineError) -> Shape {
    try requireAtLeast(1, heads, "decoder heads")
    try requireAtLeast(1, keyValueHeads, "decoder kv_heads")
    try requireAtLeast(1, mlpWidth, "decoder mlp width")
    if let headDimension { try requireAtLeast(1, headDimension, "decoder head_dim") }
    let (_, width) = try sequenceDimensions(input, layer: kind)
    guard heads % keyValueHeads == 0 else {
      throw .invalidArgument(
        "decoder heads (\(heads)) must be a multiple of kv_heads (\(keyValueHeads)): each key/value head serves a group of query heads"
      )
    }
    if headDimension == nil && width % heads != 0 {
      throw .invalidArgument(
        "the model width \(width) is not a multiple of \(heads) heads; give head_dim=… explicitly"
      )
    }
    if experts != 0 {
      try requireAtLeast(1, experts, "decoder experts")
      guard (1...experts).contains(topExperts) else {
        throw .invalidArgument(
          "decoder top must be between 1 and experts (\(experts)), got \(topExperts)"
        )
      }
    } else if topExperts != 0 {
      throw .invalidArgument("decoder top=\(topExperts) needs experts=N (a mixture of experts)")
    }
    return input
  }

  public func weights(for input: Shape) -> [WeightDescription] {
    let d = input.last
    let hd = headSize(width: d)
    let q = heads * hd
    let kv = keyValueHeads * hd
    var list: [WeightDescription] = []
    func add(_ name: String, _ shape: Shape, _ initializer: WeightInitializer = .glorotUniform) {
      list.append(WeightDescription(name, shape, initializer: initializer))
    }
    func addNorm(_ name: String) {
      add("\(name).gamma", Shape(d), .ones)
      if norm == .layernorm { add("\(name).beta", Shape(d), .zeros) }
    }
    addNorm("attention_norm")
    for (name, width) in [("query", q), ("key", kv), ("value", kv)] {
      add("attention.\(name).kernel", Shape(d, width))
      if attentionBias != .false { add("attention.\(name).bias", Shape(width), .zeros) }
    }
    add("attention.output.kernel", Shape(q, d))
    if attentionBias == .true { add("attention.output.bias", Shape(d), .zeros) }
    if postNorms { addNorm("post_attention_norm") }
    addNorm("mlp_norm")
    let matrices: [(String, Int, Int)] =
      mlpKind == .swiglu
      ? [("gate", d, mlpWidth), ("up", d, mlpWidth), ("down", mlpWidth, d)]
      : [("up", d, mlpWidth), ("down", mlpWidth, d)]
    if experts > 0 {
      add("mlp.router.kernel", Shape(d, experts))
      for (name, rows, columns) in matrices {
        add("mlp.experts.\(name).kernel", Shape(experts, rows, columns))
        if mlpBias { add("mlp.experts.\(name).bias", Shape(experts, columns), .zeros) }
      }
    } else {
      for (name, rows, columns) in matrices {
        add("mlp.\(name).kernel", Shape(rows, columns))
        if mlpBias { add("mlp.\(name).bias", Shape(columns), .zeros) }
      }
    }
    if postNorms { addNorm("post_mlp_norm") }
    return list
  }

  /// Parameters of the experts (all of them), 0 for a dense block.
  public func expertParameters(for input: Shape) -> Int64 {
    weights(for: input).filter { $0.name.hasPrefix("mlp.experts.") }.reduce(0) { total, weight in
      total &+ ((try? weight.elementCount()) ?? 0)
    }
  }

  /// Every parameter outside the experts, plus top/experts of the experts' parameters.
  public func activeParameters(for input: Shape) -> Int64 {
    let all = weights(for: input).reduce(Int64(0)) { $0 &+ ((try? $1.elementCount()) ?? 0) }
    guard experts > 0 else { return all }
    let expertValues = expertParameters(for: input)
    return all &- expertValues &+ expertValues / Int64(experts) &* Int64(topExperts)
  }

  /// Parameters in the block's weight matrices (what weight-only quantization packs).
  public func matrixParameters(for input: Shape) -> Int64 {
    weights(for: input).filter { $0.name.hasSuffix(".kernel") && !$0.name.contains("router") }
      .reduce(0) { $0 &+ ((try? $1.elementCount()) ?? 0) }
  }

  public func macs(for input: Shape) throws(EngineError) -> Int64 {
    let tokens = input.dimensions[0]
    let d = input.last
    let hd = headSize(width: d)
    let what = "decoder MACs"
    let projections = try productMACs(tokens, d, (heads + keyValueHeads) * 2 * hd)
    let attention = try productMACs(2, tokens, tokens, heads * hd)
    let matrices = mlpKind == .swiglu ? 3 : 2
    let routed = experts > 0 ? topExperts : 1
    let mlp = try productMACs(tokens, matrices * routed, d, mlpWidth)
    let router = try productMACs(tokens, d, experts)
    return try Int64.checkedSum(
      Int64.checkedSum(projections, attention, what),
      Int64.checkedSum(mlp, router, what),
      what
    )
  }

  /// Stored for backward, per token: the norms' outputs and residuals (4·d), q, k, v and the
  /// context ((2·H + 2·K)·hd), the MLP's hidden values (matrices − 1)·I per routed expert;
  /// plus the attention scores H·tokens².
  public func activationElements(for input: Shape) throws(EngineError) -> Int64 {
    let tokens = input.dimensions[0]
    let d = input.last
    let hd = headSize(width: d)
    let routed = experts > 0 ? topExperts : 1
    let hidden = (mlpKind == .swiglu ? 2 : 1) * routed
    let perToken = try Int64.checkedSum(
      Int64.checkedProduct([4, d], "decoder activations"),
      Int64.checkedSum(
        Int64.checkedProduct([2 * (heads + keyValueHeads), hd], "decoder activations"),
        Int64.checkedProduct([hidden, mlpWidth], "decoder activations"),
        "decoder activations"
      ),
      "decoder activations"
    )
    return try Int64.checkedSum(
      Int64.checkedProduct(Int64(tokens), perToken, "decoder activations"),
      productMACs(heads, tokens, tokens),
      "decoder activations"
    )
  }

  public func formula(for input: Shape) -> String {
    let d = input.last
    let hd = headSize(width: d)
    let weights = self.weights(for: input)
    func sum(_ filter: (WeightDescription) -> Bool) -> Int64 {
      weights.filter(filter).reduce(0) { $0 &+ ((try? $1.elementCount()) ?? 0) }
    }
    let attention = sum { $0.name.hasPrefix("attention.") }
    let mlp = sum { $0.name.hasPrefix("mlp.") }
    let norms = sum { $0.name.contains("norm.") }
    let total = attention &+ mlp &+ norms
    var attentionText =
      "\(d.grouped)·\(heads)·\(hd) + 2·\(d.grouped)·\(keyValueHeads)·\(hd) + \(heads)·\(hd)·\(d.grouped)"
    switch attentionBias {
    case .true: attentionText += " + biases (\(heads)+2·\(keyValueHeads))·\(hd) + \(d.grouped)"
    case .qkv: attentionText += " + biases (\(heads)+2·\(keyValueHeads))·\(hd)"
    case .false: break
    }
    let matrices = mlpKind == .swiglu ? 3 : 2
    var mlpText = "\(matrices)·\(d.grouped)·\(mlpWidth.grouped)"
    if mlpBias { mlpText += " + biases" }
    if experts > 0 { mlpText = "\(experts) × (\(mlpText)) + router \(d.grouped)·\(experts)" }
    let normCount = postNorms ? 4 : 2
    let normText = "\(normCount)·\(norm == .rmsnorm ? "" : "2·")\(d.grouped)"
    var text =
      "attention \(attentionText) = \(attention.grouped); mlp \(mlpText) = \(mlp.grouped); norms \(normText) = \(norms.grouped); total \(total.grouped)"
    if experts > 0 {
      text +=
        "; active per token \(activeParameters(for: input).grouped) (top \(topExperts) of \(experts) experts)"
    }
    return text
  }
}

extension DecoderBlock: ServedLayer {
  /// One attention block: its KV cache per token, its matrices (experts marked), and the
  /// values a token has in flight (2·d + (H + 2·K)·hd + the routed MLP's hidden values).
  public func addServingFigures(of record: ModelLayer, to model: inout ServingModel) {
    let d = record.inputShape.last
    let hd = headSize(width: d)
    model.layers += 1
    model.width = d
    model.keyValueElementsPerToken &+= keyValueElementsPerToken(width: d)
    model.keyValueHeads = min(model.keyValueHeads, keyValueHeads)
    model.attentionWidth &+= Int64(heads) &* Int64(hd)
    if experts > 0 {
      model.experts = experts
      model.topExperts = topExperts
    }
    for weight in record.weights
    where weight.name.hasSuffix(".kernel") && !weight.name.contains("router") {
      let dims = weight.shape.dimensions
      model.matrices.append(
        ServingModel.Matrices(
          values: (try? weight.elementCount()) ?? 0,
          inputs: dims.count >= 2 ? dims[dims.count - 2] : 1,
          isExpert: weight.name.hasPrefix("mlp.experts.")
        )
      )
    }
    let routed = Int64(experts > 0 ? topExperts : 1)
    let hidden = Int64(mlpKind == .swiglu ? 2 : 1) &* Int64(mlpWidth) &* routed
    let perToken =
      2 &* Int64(d) &+ Int64(heads + 2 * keyValueHeads) &* Int64(hd) &+ hidden
    model.activationElementsPerToken = max(model.activationElementsPerToken, perToken)
  }
}
