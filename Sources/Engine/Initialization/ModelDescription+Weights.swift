extension ModelDescription {
  /// Every weight tensor of the model, named `N.kind.weight` (N = `ModelLayer.index`).
  public var weightDescriptions: [(name: String, weight: WeightDescription)] {
    layers.flatMap { record in record.weights.map { ("\(record.name).\($0.name)", $0) } }
  }

  /// Allocates and initialises the weights as Keras would, deterministically from `seed`.
  ///
  /// Refuses analytic-only models and models whose fp32 weights exceed `budget`.
  public func initialWeights(
    seed: UInt64,
    budget: MemoryBudget = .standard
  ) throws(EngineError) -> [WeightTensor] {
    try requireBuildable(for: "build with real weights")
    try budget.check(bytes.fp32, for: "the fp32 weights of this model")
    var generator = SeededGenerator(seed: seed)
    return weightDescriptions.map { name, weight in
      let count = Int((try? weight.elementCount()) ?? 0)
      return WeightTensor(
        name: name,
        shape: weight.shape,
        isTrainable: weight.isTrainable,
        values: weight.initializer.values(shape: weight.shape, count: count, using: &generator)
      )
    }
  }
}
