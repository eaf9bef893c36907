/// A layer that matters when a language model is served: it adds its own figures to the
/// `ServingModel` read off the model (attention blocks their KV cache, matrices and
/// activations; embeddings, position tables and heads the vocabulary, tying and context).
///
/// `ServingModel(model:)` asks every layer that conforms and skips the others, so a new
/// block type serves by conforming here, beside its own code.
public protocol ServedLayer: LayerDescription {
  /// Adds this layer's figures to `model`; `record` holds its input shape and weights.
  func addServingFigures(of record: ModelLayer, to model: inout ServingModel)
}
