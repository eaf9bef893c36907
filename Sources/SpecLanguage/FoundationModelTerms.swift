import Engine

/// The spec terms of modern language models: `tokenembedding`, `positions`, `decoder`,
/// `rmsnorm` and `head` (see docs/foundation-models.md).
enum FoundationModelTerms {
  /// The term names, as `LayerCatalog` lists them.
  static let names = ["tokenembedding", "positions", "decoder", "rmsnorm", "head"]

  /// The keys of `decoder(...)`.
  static let decoderKeys = [
    "heads", "kv_heads", "head_dim", "mlp", "mlp_kind", "norm", "bias", "mlp_bias",
    "post_norms", "experts", "top",
  ]

  /// The layer value for `term`, or `nil` when the name is not one of these terms.
  static func layer(for term: Term) throws(SpecError) -> (any LayerDescription)? {
    switch term.name {
    case "tokenembedding":
      var reader = try ArgumentReader(
        term: term,
        positional: ["vocab", "width"],
        keys: ["segments"]
      )
      let vocabulary = try reader.int("vocab")
      let width = try reader.int("width")
      return TokenEmbedding(
        vocabularySize: vocabulary,
        width: width,
        segments: try reader.int(key: "segments", default: 0, minimum: 0)
      )
    case "positions":
      var reader = try ArgumentReader(term: term, positional: ["n"], keys: [])
      return LearnedPositions(positions: try reader.int("n"))
    case "rmsnorm":
      _ = try ArgumentReader(term: term, positional: [], keys: [])
      return RMSNormalization()
    case "head":
      var reader = try ArgumentReader(term: term, positional: ["vocab"], keys: ["tied", "bias"])
      let vocabulary = try reader.int("vocab")
      return OutputHead(
        vocabularySize: vocabulary,
        tied: try reader.bool(key: "tied", default: false),
        bias: try reader.bool(key: "bias", default: false)
      )
    case "decoder":
      return try decoder(term)
    default:
      return nil
    }
  }

  private static func decoder(_ term: Term) throws(SpecError) -> DecoderBlock {
    let reader = try ArgumentReader(term: term, positional: [], keys: decoderKeys)
    let heads = try reader.int(key: "heads", default: 0)
    guard heads > 0 else {
      throw term.error(
        "decoder needs heads=N, e.g. decoder(heads=32, kv_heads=8, mlp=14336) (usage: \(reader.usage))"
      )
    }
    let mlp = try reader.int(key: "mlp", default: 0)
    guard mlp > 0 else {
      throw term.error("decoder needs mlp=N, the MLP's hidden width, e.g. mlp=14336")
    }
    let headDimension = try reader.int(key: "head_dim", default: 0)
    let bias = try reader.choice(key: "bias", ["false", "true", "qkv"], default: "false")
    let experts = try reader.int(key: "experts", default: 0, minimum: 0)
    let top = try reader.int(key: "top", default: 0, minimum: 0)
    if experts > 0 && top == 0 {
      throw term.error("decoder experts=\(experts) needs top=N, the experts per token (e.g. top=2)")
    }
    return DecoderBlock(
      heads: heads,
      keyValueHeads: try reader.int(key: "kv_heads", default: heads),
      headDimension: headDimension == 0 ? nil : headDimension,
      mlpWidth: mlp,
      mlpKind: DecoderBlock.MLPKind(
        rawValue: try reader.choice(key: "mlp_kind", ["swiglu", "gelu"], default: "swiglu")
      ) ?? .swiglu,
      norm: DecoderBlock.NormKind(
        rawValue: try reader.choice(key: "norm", ["rmsnorm", "layernorm"], default: "rmsnorm")
      ) ?? .rmsnorm,
      attentionBias: DecoderBlock.AttentionBias(rawValue: bias) ?? .false,
      mlpBias: try reader.bool(key: "mlp_bias", default: bias == "true"),
      postNorms: try reader.bool(key: "post_norms", default: false),
      experts: experts,
      topExperts: top
    )
  }
}
