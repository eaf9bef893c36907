/// A GPT-style character language model (nanoGPT's `GPT`) with its weights.
///
/// tokens → token embedding + position embedding → `layers` × `GPTBlock` → layer norm →
/// head tied to the token embedding → logits over the vocabulary. Weights live in one
/// `ParameterStore` under nanoGPT's names; `layers` lists the parts in order, one for each of
/// the spec's layers (`specLayers`, which describe them), and `forward`/`backward` (in
/// `GPTModel+Training.swift`) run them on a batch.
public struct GPTModel: Sendable {
  /// The model's shape.
  public let configuration: GPTConfiguration
  /// `transformer.wte`.
  public let tokenEmbedding: TokenEmbeddingTable
  /// `transformer.wpe`.
  public let positionEmbedding: PositionEmbeddingTable
  /// `transformer.h.0` … `transformer.h.{L−1}`.
  public let blocks: [GPTBlock]
  /// `transformer.ln_f`.
  public let finalNorm: LayerNorm
  /// `lm_head`, tied to `wte`.
  public let head: TiedOutputHead
  /// Every weight, by name.
  public var parameters: ParameterStore
  /// The spec layers the parts run, one for each of `layers`, with the model's shapes: their
  /// one description (kind, weight tensors, parameter formula, MACs).
  public let specLayers: [ModelLayer]

  /// A model of `configuration` with zero weights (see `initialized(seed:)`).
  public init(configuration: GPTConfiguration) throws(EngineError) {
    try configuration.validate()
    self.configuration = configuration
    specLayers = try configuration.modelDescription().layers
    var layout = ParameterLayout()
    let d = configuration.width
    tokenEmbedding = TokenEmbeddingTable(
      "transformer.wte",
      vocabularySize: configuration.vocabularySize,
      width: d,
      layout: &layout
    )
    positionEmbedding = PositionEmbeddingTable(
      "transformer.wpe",
      positions: configuration.contextLength,
      width: d,
      layout: &layout
    )
    var blocks: [GPTBlock] = []
    for index in 0..<configuration.layers {
      blocks.append(
        GPTBlock("transformer.h.\(index)", configuration: configuration, layout: &layout)
      )
    }
    self.blocks = blocks
    finalNorm = LayerNorm("transformer.ln_f", width: d, layout: &layout)
    head = TiedOutputHead(embedding: tokenEmbedding)
    parameters = ParameterStore(slots: layout.slots)
  }

  /// A model of `configuration` initialized as nanoGPT does, from `seed`.
  ///
  /// Linear weights and both embeddings ~ N(0, 0.02²), the residual projections (`c_proj`)
  /// ~ N(0, (0.02/√(2·layers))²), biases 0, norm gains 1 and shifts 0.
  public static func initialized(
    _ configuration: GPTConfiguration,
    seed: UInt64
  ) throws(EngineError) -> GPTModel {
    var model = try GPTModel(configuration: configuration)
    var generator = SeededGenerator(seed: seed)
    let projectionStd = 0.02 / (2 * Double(configuration.layers)).squareRoot()
    var values = model.parameters.values
    for slot in model.parameters.slots {
      let std: Double?
      if slot.name.hasSuffix("ln_1.weight") || slot.name.hasSuffix("ln_2.weight")
        || slot.name.hasSuffix("ln_f.weight")
      {
        for i in slot.offset..<(slot.offset + slot.count) { values[i] = 1 }
        std = nil
      } else if slot.shape.count == 1 {
        std = nil
      } else if slot.name.hasSuffix("c_proj.weight") {
        std = projectionStd
      } else {
        std = 0.02
      }
      if let std {
        for i in slot.offset..<(slot.offset + slot.count) {
          values[i] = Float(generator.nextNormal() * std)
        }
      }
    }
    model.parameters.values = values
    return model
  }

  /// The parts in order, one for each of `specLayers`, for tools that filter by ability.
  public var layers: [any LanguageLayer] {
    [tokenEmbedding, positionEmbedding] + blocks + [finalNorm, head]
  }

  /// Every weight matrix a weight-only quantizer or a pruner may act on.
  public var matrices: [ParameterSlot] {
    layers.flatMap { ($0 as? any MatrixWeighted)?.matrices ?? [] }
      + blocks.flatMap { $0.attention.matrices + $0.mlp.matrices }
  }

  /// Number of trainable parameters (the tied head counted once).
  public var parameterCount: Int { parameters.count }
}
