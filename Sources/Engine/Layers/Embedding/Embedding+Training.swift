extension Embedding: TrainableLayer, NetworkBuildable {
  public var kerasName: String { "embedding" }

  /// Refuses a place other than first (the network's input is then the token ids) and an
  /// input other than one sequence of ids, then builds from the description.
  public func setUp(_ setup: inout LayerSetup, generator: inout SeededGenerator)
    throws(NetworkError) -> [Int]
  {
    guard setup.index == 0 else {
      throw setup.misfit(
        "it reads token ids, so it must be the first layer, right after the input"
      )
    }
    guard setup.inputShape.count == 1 else {
      throw setup.misfit("it needs a sequence of token ids (length); put it first")
    }
    return try setup.build(self, generator: &generator)
  }

  /// Looks up rows of `[vocab, dim]`; input values are token ids stored as `Float`.
  public func forward(
    _ x: Tensor,
    in layer: inout NetworkLayer,
    training: Bool,
    generator: inout SeededGenerator
  ) -> Tensor {
    let dim = dimension
    let table = layer.weights[0].scalars
    let out = Tensor(shape: [x.shape[0]] + layer.outputShape) { po in
      for (i, id) in x.scalars.enumerated() {
        let row = Int(id)
        for j in 0..<dim { po[i * dim + j] = table[row * dim + j] }
      }
    }
    if training { layer.cache.input = x }
    return out
  }

  public func backward(_ dz: Tensor, in layer: inout NetworkLayer, needInputGradient: Bool)
    -> Tensor?
  {
    let dim = dimension
    var table = [Float](repeating: 0, count: layer.gradients[0].count)
    for (i, id) in layer.cache.input.scalars.enumerated() {
      let row = Int(id)
      for j in 0..<dim { table[row * dim + j] += dz.scalars[i * dim + j] }
    }
    layer.gradients[0].scalars = table
    return needInputGradient ? Tensor(shape: [dz.shape[0]] + layer.inputShape) : nil
  }
}

extension TrainableLayerConfig {
  /// Looks up rows of `[vocab, dim]`; input values are token ids stored as `Float`.
  public static func embedding(vocab: Int, dim: Int) -> TrainableLayerConfig {
    TrainableLayerConfig(Embedding(vocabularySize: vocab, dimension: dim))
  }
}
