extension LSTMConfiguration {
  /// The trainable LSTM language model a spec describes, or `nil` when the spec is not one.
  ///
  /// A spec is an LSTM language model this engine can train when it reads
  /// `input(T) embedding(V,E) lstm(H,return_sequences=true)xL dense(V)`: token ids in, every
  /// LSTM layer of the same width returning the whole sequence, and a linear head (no
  /// activation, with a bias) back to the vocabulary. It is the inverse of `specLayers`.
  public init?(model: ModelDescription) {
    let layers = model.layers.map(\.layer)
    guard model.inputShape.rank == 1, layers.count >= 3,
      let embedding = layers.first as? Embedding,
      let head = layers.last as? Dense, head.activation == .linear, head.useBias,
      head.units == embedding.vocabularySize
    else { return nil }
    let recurrent = layers[1..<(layers.count - 1)].compactMap { $0 as? LSTM }
    guard recurrent.count == layers.count - 2, let first = recurrent.first,
      recurrent.allSatisfy({ $0.units == first.units && $0.returnSequences })
    else { return nil }
    self.init(
      vocabularySize: embedding.vocabularySize,
      contextLength: model.inputShape.dimensions[0],
      embeddingWidth: embedding.dimension,
      hiddenWidth: first.units,
      layers: recurrent.count
    )
  }

  /// The spec layers this model is, one for each part `LSTMLanguageModel.layers` runs.
  ///
  /// After `input(T)`: `embedding(V,E) lstm(H,return_sequences=true)xL dense(V)`.
  public var specLayers: [any LayerDescription] {
    let recurrent: [any LayerDescription] = Array(
      repeating: LSTM(units: hiddenWidth, returnSequences: true),
      count: layers
    )
    return [Embedding(vocabularySize: vocabularySize, dimension: embeddingWidth)] + recurrent
      + [Dense(units: vocabularySize)]
  }
}
