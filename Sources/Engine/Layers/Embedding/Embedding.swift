/// A lookup table from token ids to vectors (Keras `Embedding`).
///
/// params = vocabulary × dimension; MACs = 0 (a lookup, not a product);
/// (steps) → (steps, dimension)
public struct Embedding: LayerDescription, Equatable {
  /// Number of distinct token ids.
  public var vocabularySize: Int
  /// Length of each vector.
  public var dimension: Int

  /// Creates an embedding table.
  public init(vocabularySize: Int, dimension: Int) {
    self.vocabularySize = vocabularySize
    self.dimension = dimension
  }

  public var kind: String { "embedding" }

  public var readsTokenIds: Bool { true }

  public func outputShape(for input: Shape) throws(EngineError) -> Shape {
    try requireAtLeast(1, vocabularySize, "embedding vocabulary size")
    try requireAtLeast(1, dimension, "embedding dimension")
    return Shape(input.dimensions + [dimension])
  }

  public func weights(for input: Shape) -> [WeightDescription] {
    [
      WeightDescription(
        "embeddings",
        Shape(vocabularySize, dimension),
        initializer: .uniform(limit: 0.05)
      )
    ]
  }

  public func macs(for input: Shape) throws(EngineError) -> Int64 { 0 }

  public func formula(for input: Shape) -> String {
    "\(vocabularySize.grouped) × \(dimension.grouped) = \((Int64(vocabularySize) * Int64(dimension)).grouped)"
  }
}
