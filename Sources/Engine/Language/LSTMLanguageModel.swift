/// A char-rnn-style LSTM language model with its weights, laid out as PyTorch's modules.
///
/// tokens → `embedding` (`nn.Embedding`) → `lstm` (`nn.LSTM`, `layers` stacked, every step's
/// output kept) → `head` (`nn.Linear` over the vocabulary) → logits. The weights live in one
/// `ParameterStore` under the names PyTorch's `state_dict()` gives that module
/// (`embedding.weight`, `lstm.weight_ih_l0`, …, `head.bias`), so the same AdamW, trainer,
/// cache and sampler as the GPT's serve it; `forward`/`backward` are in
/// `LSTMLanguageModel+Training.swift`, one-token steps in `+Generation`.
public struct LSTMLanguageModel: Sendable {
  /// The model's shape.
  public let configuration: LSTMConfiguration
  /// `embedding`.
  public let embedding: TokenEmbeddingTable
  /// `lstm`, layer 0 first.
  public let recurrentLayers: [LSTMLayer]
  /// `head`.
  public let head: Linear
  /// Every weight, by name.
  public var parameters: ParameterStore
  /// The spec layers the parts run, one for each of `layers`, with the model's shapes: their
  /// one description (kind, weight tensors, parameter formula, MACs).
  public let specLayers: [ModelLayer]

  /// A model of `configuration` with zero weights (see `initialized(_:seed:)`).
  public init(configuration: LSTMConfiguration) throws(EngineError) {
    try configuration.validate()
    self.configuration = configuration
    specLayers = try configuration.modelDescription().layers
    var layout = ParameterLayout()
    embedding = TokenEmbeddingTable(
      "embedding",
      vocabularySize: configuration.vocabularySize,
      width: configuration.embeddingWidth,
      layout: &layout
    )
    recurrentLayers = (0..<configuration.layers).map { index in
      LSTMLayer(
        "lstm",
        index: index,
        inputs: configuration.inputWidth(ofLayer: index),
        hidden: configuration.hiddenWidth,
        layout: &layout
      )
    }
    head = Linear(
      "head",
      inputs: configuration.hiddenWidth,
      outputs: configuration.vocabularySize,
      bias: true,
      layout: &layout
    )
    parameters = ParameterStore(slots: layout.slots)
  }

  /// A model of `configuration` initialized as PyTorch initializes these modules, from `seed`.
  ///
  /// Embedding ~ N(0, 1) (`nn.Embedding`); every LSTM weight and bias ~ U(−1/√H, 1/√H)
  /// (`nn.LSTM`); the head's weight and bias ~ U(−1/√H, 1/√H) (`nn.Linear`, fan-in H).
  public static func initialized(
    _ configuration: LSTMConfiguration,
    seed: UInt64
  ) throws(EngineError) -> LSTMLanguageModel {
    var model = try LSTMLanguageModel(configuration: configuration)
    var generator = SeededGenerator(seed: seed)
    let bound = Float(1 / Double(configuration.hiddenWidth).squareRoot())
    var values = model.parameters.values
    for slot in model.parameters.slots {
      for i in slot.offset..<(slot.offset + slot.count) {
        values[i] =
          slot == model.embedding.weight
          ? Float(generator.nextNormal()) : generator.nextUniform(limit: bound)
      }
    }
    model.parameters.values = values
    return model
  }

  /// The parts in order, one for each of `specLayers`, for tools that filter by ability.
  public var layers: [any LanguageLayer] { [embedding] + recurrentLayers + [head] }

  /// Every weight matrix a weight-only quantizer or a pruner may act on.
  public var matrices: [ParameterSlot] {
    layers.flatMap { ($0 as? any MatrixWeighted)?.matrices ?? [] }
  }

  /// Bytes of the recurrent state one sequence carries: h and c of every layer.
  public var stateBytes: Int {
    2 * configuration.layers * configuration.hiddenWidth * MemoryLayout<Float>.stride
  }
}

extension LSTMLanguageModel: TrainableLanguageModel {
  public static var fileFormat: String { "goldilocks-lstm" }

  public func makeWorkspace(batch: Int, tokens: Int, training: Bool) -> LSTMWorkspace {
    LSTMWorkspace(for: self, batch: batch, tokens: tokens, training: training)
  }
}
