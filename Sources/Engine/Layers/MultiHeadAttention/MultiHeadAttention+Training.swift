extension MultiHeadAttention: TrainableLayer, NetworkBuildable {
  public var kerasName: String { "multi_head_attention" }

  public var supportsBackward: Bool { false }

  public func setUp(_ setup: inout LayerSetup, generator: inout SeededGenerator)
    throws(NetworkError) -> [Int]
  {
    try setup.requirePositive(heads, keyDimension)
    guard setup.inputShape.count == 2 else {
      throw setup.misfit("it needs sequences (time, features)")
    }
    let d = setup.inputShape[1]
    for part in ["query", "key", "value"] {
      setup.add(
        part + "/kernel",
        [d, heads, keyDimension],
        WeightInitializer.glorotUniform.values(shape: [d, heads, keyDimension], using: &generator)
      )
      setup.add(part + "/bias", [heads, keyDimension], setup.zeros([heads, keyDimension]))
    }
    setup.add(
      "attention_output/kernel",
      [heads, keyDimension, d],
      WeightInitializer.glorotUniform.values(shape: [heads, keyDimension, d], using: &generator)
    )
    setup.add("attention_output/bias", [d], setup.zeros([d]))
    return setup.inputShape
  }

  public func forward(
    _ x: Tensor,
    in layer: inout NetworkLayer,
    training: Bool,
    generator: inout SeededGenerator
  ) -> Tensor {
    AttentionKernel.selfAttention(x, heads: heads, keyDim: keyDimension, weights: layer.weights)
  }

  /// Never called: `Network.checkTrainable()` refuses this layer before training starts.
  public func backward(_ dz: Tensor, in layer: inout NetworkLayer, needInputGradient: Bool)
    -> Tensor?
  {
    needInputGradient ? Tensor(shape: [dz.shape[0]] + layer.inputShape) : nil
  }
}

extension TrainableLayerConfig {
  /// Multi-head self-attention over `[time, dim]` (forward only).
  public static func multiHeadSelfAttention(heads: Int, keyDim: Int) -> TrainableLayerConfig {
    TrainableLayerConfig(MultiHeadAttention(heads: heads, keyDimension: keyDim))
  }
}
