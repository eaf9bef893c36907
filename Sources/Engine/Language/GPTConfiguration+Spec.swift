extension GPTConfiguration {
  /// The trainable GPT a spec describes, or `nil` when the spec is not one.
  ///
  /// A spec is a GPT this engine can train when it reads
  /// `input(T) tokenembedding(V,d) positions(T) decoder(heads=H,mlp=h,mlp_kind=gelu,
  /// norm=layernorm,bias=true)xL layernorm head(V,tied=true)`: learned positions covering the
  /// input, plain multi-head attention (kv_heads = heads; a `head_dim` is the size of pruned
  /// heads), biases on every projection or on none (`bias=false`), a GELU MLP, pre-norm layer
  /// norms and a head tied to the embedding. It is the inverse of `specLayers`, and the spec's
  /// parameter count equals `parameterCount`.
  public init?(model: ModelDescription) {
    let layers = model.layers.map(\.layer)
    guard model.inputShape.rank == 1, layers.count >= 5,
      let embedding = layers.first as? TokenEmbedding, embedding.segments == 0,
      let positions = layers[1] as? LearnedPositions,
      positions.positions == model.inputShape.dimensions[0],
      layers[layers.count - 2] is LayerNormalization,
      let head = layers.last as? OutputHead, head.tied, !head.bias,
      head.vocabularySize == embedding.vocabularySize
    else { return nil }
    let blocks = layers[2..<(layers.count - 2)].compactMap { $0 as? DecoderBlock }
    guard blocks.count == layers.count - 4, let first = blocks.first,
      first.attentionBias != .qkv, first.mlpBias == (first.attentionBias == .true),
      blocks.allSatisfy({
        $0.heads == first.heads && $0.mlpWidth == first.mlpWidth && $0.keyValueHeads == $0.heads
          && $0.headDimension == first.headDimension && $0.mlpKind == .gelu
          && $0.norm == .layernorm && $0.attentionBias == first.attentionBias
          && $0.mlpBias == first.mlpBias && !$0.postNorms && $0.experts == 0
      })
    else { return nil }
    self.init(
      vocabularySize: embedding.vocabularySize,
      contextLength: positions.positions,
      layers: blocks.count,
      heads: first.heads,
      width: embedding.width,
      hiddenWidth: first.mlpWidth,
      bias: first.mlpBias,
      headWidth: first.headDimension
    )
  }

  /// The spec layers this GPT is, one for each part `GPTModel.layers` runs.
  ///
  /// After `input(T)`: `tokenembedding(V,d) positions(T) decoder(…)xL layernorm
  /// head(V,tied=true)`.
  public var specLayers: [any LayerDescription] {
    let block = DecoderBlock(
      heads: heads,
      headDimension: headWidth,
      mlpWidth: hiddenWidth,
      mlpKind: .gelu,
      norm: .layernorm,
      attentionBias: bias ? .true : .false,
      mlpBias: bias
    )
    let embeddings: [any LayerDescription] = [
      TokenEmbedding(vocabularySize: vocabularySize, width: width),
      LearnedPositions(positions: contextLength),
    ]
    let blocks: [any LayerDescription] = Array(repeating: block, count: layers)
    return embeddings + blocks + [
      LayerNormalization(), OutputHead(vocabularySize: vocabularySize, tied: true),
    ]
  }
}
