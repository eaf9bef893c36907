extension Activation: TrainableLayer, NetworkBuildable {
  public var kerasName: String { "activation" }

  public var finalActivation: ActivationFunction { function }

  public func replacingActivation(with activation: ActivationFunction) -> (any TrainableLayer)? {
    Activation(activation)
  }

  public func forward(
    _ x: Tensor,
    in layer: inout NetworkLayer,
    training: Bool,
    generator: inout SeededGenerator
  ) -> Tensor {
    var out = x
    layer.finish(
      &out,
      bias: nil,
      activation: function,
      width: layer.inputShape[layer.inputShape.count - 1],
      training: training
    )
    return out
  }

  /// The activation's derivative is applied by `NetworkLayer` (`finalActivation`).
  public func backward(_ dz: Tensor, in layer: inout NetworkLayer, needInputGradient: Bool)
    -> Tensor?
  {
    dz
  }
}

extension TrainableLayerConfig {
  /// An activation on its own.
  public static func activation(_ function: ActivationFunction) -> TrainableLayerConfig {
    TrainableLayerConfig(Activation(function))
  }
}

extension Activation: IntegerCodePassing, ChannelPreserving {
  /// ReLU and linear run on codes; the others need real values.
  public var passesCodes: Bool { function == .relu || function == .linear }

  /// ReLU clamps the codes at the zero point; linear keeps them.
  public func passCodes(_ codes: [Int32], zeroPoint: Int32) -> [Int32] {
    function == .relu ? codes.map { Swift.max($0, zeroPoint) } : codes
  }
}
