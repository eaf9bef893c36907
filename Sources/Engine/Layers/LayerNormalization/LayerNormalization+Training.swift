extension LayerNormalization: TrainableLayer, NetworkBuildable {
  public var kerasName: String { "layer_normalization" }

  public func forward(
    _ x: Tensor,
    in layer: inout NetworkLayer,
    training: Bool,
    generator: inout SeededGenerator
  ) -> Tensor {
    let f = layer.inputShape[layer.inputShape.count - 1]
    let rows = x.count / f
    let weights = layer.weights
    var xHat = [Float](repeating: 0, count: x.count)
    var inverseStd = [Float](repeating: 0, count: rows)
    let out = Tensor(shape: [x.shape[0]] + layer.outputShape) { py in
      Normalization.layerNormForward(
        x.scalars,
        rows: rows,
        features: f,
        gamma: weights[0].scalars,
        beta: weights[1].scalars,
        epsilon: epsilon,
        output: py.baseAddress!,
        xHat: &xHat,
        inverseStd: &inverseStd
      )
    }
    if training {
      layer.cache.xHat = xHat
      layer.cache.inverseStd = inverseStd
    }
    return out
  }

  public func backward(_ dz: Tensor, in layer: inout NetworkLayer, needInputGradient: Bool)
    -> Tensor?
  {
    layer.normalizationBackward(dz, kernel: Normalization.layerNormBackward)
  }
}

extension TrainableLayerConfig {
  /// Layer normalisation over the last axis (γ, β).
  public static func layerNorm(epsilon: Float = 1e-3) -> TrainableLayerConfig {
    TrainableLayerConfig(LayerNormalization(epsilon: epsilon))
  }
}
