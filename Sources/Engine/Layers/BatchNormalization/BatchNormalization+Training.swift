extension BatchNormalization: TrainableLayer, NetworkBuildable {
  public var kerasName: String { "batch_normalization" }

  /// Normalises with the batch's statistics in training (and updates the moving ones),
  /// with the moving statistics at inference.
  public func forward(
    _ x: Tensor,
    in layer: inout NetworkLayer,
    training: Bool,
    generator: inout SeededGenerator
  ) -> Tensor {
    let outShape = [x.shape[0]] + layer.outputShape
    let f = layer.inputShape[layer.inputShape.count - 1]
    let rows = x.count / f
    let weights = layer.weights
    guard training else {
      return Tensor(shape: outShape) { py in
        Normalization.batchNormInference(
          x.scalars,
          rows: rows,
          features: f,
          gamma: weights[0].scalars,
          beta: weights[1].scalars,
          movingMean: weights[2].scalars,
          movingVariance: weights[3].scalars,
          epsilon: epsilon,
          output: py.baseAddress!
        )
      }
    }
    var xHat = [Float](repeating: 0, count: x.count)
    var inverseStd = [Float](repeating: 0, count: f)
    var movingMean = weights[2].scalars
    var movingVariance = weights[3].scalars
    let out = Tensor(shape: outShape) { py in
      Normalization.batchNormTrain(
        x.scalars,
        rows: rows,
        features: f,
        gamma: weights[0].scalars,
        beta: weights[1].scalars,
        movingMean: &movingMean,
        movingVariance: &movingVariance,
        momentum: momentum,
        epsilon: epsilon,
        output: py.baseAddress!,
        xHat: &xHat,
        inverseStd: &inverseStd
      )
    }
    layer.weights[2].scalars = movingMean
    layer.weights[3].scalars = movingVariance
    layer.cache.xHat = xHat
    layer.cache.inverseStd = inverseStd
    return out
  }

  public func backward(_ dz: Tensor, in layer: inout NetworkLayer, needInputGradient: Bool)
    -> Tensor?
  {
    layer.normalizationBackward(dz, kernel: Normalization.batchNormBackward)
  }
}

extension TrainableLayerConfig {
  /// Batch normalisation over the last axis; 4 vectors (γ, β trainable; moving mean/variance not).
  public static func batchNorm(momentum: Float = 0.99, epsilon: Float = 1e-3)
    -> TrainableLayerConfig
  {
    TrainableLayerConfig(BatchNormalization(momentum: momentum, epsilon: epsilon))
  }
}

extension BatchNormalization: ChannelPreserving {
  public var hasChannelWeights: Bool { true }
}
