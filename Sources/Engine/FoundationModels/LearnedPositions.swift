/// Learned absolute position embeddings (GPT-2, BERT, DistilBERT): one vector per position.
///
/// Analytic only. On (tokens, d): params = positions × d; tokens may not exceed positions.
/// Rotary positions (Llama and the other modern decoders) have no parameters and no term.
public struct LearnedPositions: LayerDescription {
  /// The longest sequence the table covers (`max_position_embeddings`, `n_positions`).
  public var positions: Int

  /// Creates a position table.
  public init(positions: Int) {
    self.positions = positions
  }

  public var kind: String { "positions" }
  public var isAnalyticOnly: Bool { true }

  public func outputShape(for input: Shape) throws(EngineError) -> Shape {
    try requireAtLeast(1, positions, "positions")
    let (tokens, _) = try sequenceDimensions(input, layer: kind)
    guard tokens <= positions else {
      throw .invalidArgument(
        "the input has \(tokens) tokens but positions(\(positions)) covers only \(positions); shorten input(…) or enlarge the table"
      )
    }
    return input
  }

  public func weights(for input: Shape) -> [WeightDescription] {
    [
      WeightDescription(
        "embeddings",
        Shape(positions, input.last),
        initializer: .uniform(limit: 0.05)
      )
    ]
  }

  public func macs(for input: Shape) throws(EngineError) -> Int64 { 0 }

  public func formula(for input: Shape) -> String {
    "\(positions.grouped) × \(input.last.grouped) = \((Int64(positions) &* Int64(input.last)).grouped)"
  }
}

extension LearnedPositions: ServedLayer {
  /// The longest sequence the table covers.
  public func addServingFigures(of record: ModelLayer, to model: inout ServingModel) {
    model.positionLimit = positions
  }
}
