extension MultiHeadAttention: TrainableLayer, NetworkBuildable {
  public var kerasName: String { "multi_head_attention" }

  public var supportsBackward: Bool { false }

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
