extension Network {
  /// `count` seeded random examples this network accepts, for timing and calibrating without
  /// a dataset.
  ///
  /// Uniform values in `[0, 1)`, except for a network that starts with an embedding: its
  /// input is token ids, so each value is a whole number drawn uniformly from the table's
  /// rows `0..<vocabulary`.
  public func randomInput(count: Int, seed: UInt64) -> Tensor {
    var generator = SeededGenerator(seed: seed)
    let itemSize = inputShape.reduce(1, *)
    let values: [Float]
    if let vocabulary = (layers.first?.config.layer as? Embedding)?.vocabularySize {
      values = (0..<(count * itemSize)).map { _ in
        Float(generator.nextInt(below: vocabulary))
      }
    } else {
      values = (0..<(count * itemSize)).map { _ in generator.nextUnitFloat() }
    }
    return Tensor(shape: [count] + inputShape, scalars: values)
  }
}
