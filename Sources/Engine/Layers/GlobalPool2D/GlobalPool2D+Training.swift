extension GlobalPool2D: TrainableLayer, NetworkBuildable {
  public var kerasName: String {
    poolKind == .max ? "global_max_pooling2d" : "global_average_pooling2d"
  }

  public func forward(
    _ x: Tensor,
    in layer: inout NetworkLayer,
    training: Bool,
    generator: inout SeededGenerator
  ) -> Tensor {
    let batch = x.shape[0]
    let outShape = [batch] + layer.outputShape
    let isMax = poolKind == .max
    let inputShape = layer.inputShape
    let c = inputShape[2]
    var argmax = [Int32](repeating: 0, count: batch * c)
    let out = x.scalars.withUnsafeBufferPointer { px in
      argmax.withUnsafeMutableBufferPointer { pa in
        Tensor(shape: outShape) { pc in
          Pooling.globalForward(
            px.baseAddress!,
            batch: batch,
            pixels: inputShape[0] * inputShape[1],
            channels: c,
            max: isMax,
            into: pc.baseAddress!,
            argmax: pa.baseAddress!
          )
        }
      }
    }
    if training && isMax { layer.cache.argmax = argmax }
    return out
  }

  public func backward(_ dz: Tensor, in layer: inout NetworkLayer, needInputGradient: Bool)
    -> Tensor?
  {
    let batch = dz.shape[0]
    let inputShape = layer.inputShape
    let isMax = poolKind == .max
    let argmax = layer.cache.argmax
    return Tensor(shape: [batch] + inputShape) { pi in
      argmax.withUnsafeBufferPointer { pa in
        Pooling.globalBackward(
          gradOutput: dz.scalars,
          batch: batch,
          pixels: inputShape[0] * inputShape[1],
          channels: inputShape[2],
          max: isMax,
          argmax: isMax ? pa.baseAddress : nil,
          gradInput: pi.baseAddress!
        )
      }
    }
  }
}

extension TrainableLayerConfig {
  /// Mean over height and width: `[h, w, c] → [c]`.
  public static var globalAvgPool2d: TrainableLayerConfig {
    TrainableLayerConfig(GlobalPool2D(.average))
  }

  /// Max over height and width: `[h, w, c] → [c]`.
  public static var globalMaxPool2d: TrainableLayerConfig {
    TrainableLayerConfig(GlobalPool2D(.max))
  }
}

extension GlobalPool2D: ChannelPreserving {}
