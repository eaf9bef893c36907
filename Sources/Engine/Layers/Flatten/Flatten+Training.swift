extension Flatten: TrainableLayer, NetworkBuildable {
  public var kerasName: String { "flatten" }

  public func forward(
    _ x: Tensor,
    in layer: inout NetworkLayer,
    training: Bool,
    generator: inout SeededGenerator
  ) -> Tensor {
    x.reshaped(to: [x.shape[0]] + layer.outputShape)
  }

  public func backward(_ dz: Tensor, in layer: inout NetworkLayer, needInputGradient: Bool)
    -> Tensor?
  {
    dz.reshaped(to: [dz.shape[0]] + layer.inputShape)
  }
}

extension TrainableLayerConfig {
  /// Reshapes to one axis.
  public static var flatten: TrainableLayerConfig { TrainableLayerConfig(Flatten()) }
}

extension Flatten: IntegerCodePassing, ChannelPreserving {
  /// Channel `c` of pixel `p` becomes feature `p·channels + c`.
  public func keptFeatures(_ kept: [Int], channels: Int, inputShape: [Int]) -> [Int]? {
    let pixels = inputShape.dropLast().reduce(1, *)
    return (0..<pixels).flatMap { p in kept.map { p * channels + $0 } }
  }
}
