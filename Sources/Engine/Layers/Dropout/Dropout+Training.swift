extension Dropout: TrainableLayer, NetworkBuildable {
  public var kerasName: String { "dropout" }

  /// Inverted dropout: in training keeps each value with probability `1 − rate` and scales
  /// it by `1/(1 − rate)`, drawing the mask from `generator`; identity at inference.
  public func forward(
    _ x: Tensor,
    in layer: inout NetworkLayer,
    training: Bool,
    generator: inout SeededGenerator
  ) -> Tensor {
    let rate = Float(rate)
    var out = x
    if training && rate > 0 {
      let keep = 1 / (1 - rate)
      var mask = [Float](repeating: 0, count: x.count)
      for i in 0..<mask.count where generator.nextUnitFloat() >= rate { mask[i] = keep }
      out.scalars.withUnsafeMutableBufferPointer { p in
        for i in 0..<p.count { p[i] *= mask[i] }
      }
      layer.cache.mask = mask
    } else if training {
      layer.cache.mask = [Float](repeating: 1, count: x.count)
    }
    return out
  }

  public func backward(_ dz: Tensor, in layer: inout NetworkLayer, needInputGradient: Bool)
    -> Tensor?
  {
    var dz = dz
    let mask = layer.cache.mask
    dz.scalars.withUnsafeMutableBufferPointer { p in
      for i in 0..<p.count { p[i] *= mask[i] }
    }
    return dz
  }
}

extension TrainableLayerConfig {
  /// Inverted dropout: in training keeps each value with probability `1 − rate` and scales it
  /// by `1/(1 − rate)`; identity at inference.
  public static func dropout(rate: Float) -> TrainableLayerConfig {
    TrainableLayerConfig(Dropout(rate: Double(rate)))
  }
}

extension Dropout: IntegerCodePassing, ChannelPreserving {}
