extension Pool2D: TrainableLayer, NetworkBuildable {
  public var kerasName: String { poolKind == .max ? "max_pooling2d" : "average_pooling2d" }

  public func forward(
    _ x: Tensor,
    in layer: inout NetworkLayer,
    training: Bool,
    generator: inout SeededGenerator
  ) -> Tensor {
    let batch = x.shape[0]
    let outShape = [batch] + layer.outputShape
    let g = layer.geometry(batch: batch, kernel: window, stride: strides, padding: padding)
    switch poolKind {
    case .max:
      var argmax = [Int32](repeating: 0, count: outShape.reduce(1, *))
      let out = x.scalars.withUnsafeBufferPointer { px in
        argmax.withUnsafeMutableBufferPointer { pa in
          Tensor(shape: outShape) { pc in
            Pooling.maxForward(
              px.baseAddress!,
              geometry: g,
              into: pc.baseAddress!,
              argmax: pa.baseAddress!
            )
          }
        }
      }
      if training { layer.cache.argmax = argmax }
      return out
    case .average:
      return x.scalars.withUnsafeBufferPointer { px in
        Tensor(shape: outShape) {
          Pooling.averageForward(px.baseAddress!, geometry: g, into: $0.baseAddress!)
        }
      }
    }
  }

  public func backward(_ dz: Tensor, in layer: inout NetworkLayer, needInputGradient: Bool)
    -> Tensor?
  {
    let batch = dz.shape[0]
    let inShape = [batch] + layer.inputShape
    switch poolKind {
    case .max:
      let argmax = layer.cache.argmax
      return Tensor(shape: inShape) { pi in
        Pooling.maxBackward(
          gradOutput: dz.scalars,
          argmax: argmax,
          outputCount: dz.count,
          gradInput: pi.baseAddress!,
          inputCount: pi.count
        )
      }
    case .average:
      let g = layer.geometry(batch: batch, kernel: window, stride: strides, padding: padding)
      return Tensor(shape: inShape) { pi in
        Pooling.averageBackward(gradOutput: dz.scalars, geometry: g, gradInput: pi.baseAddress!)
      }
    }
  }
}

extension TrainableLayerConfig {
  /// Max pooling (stride defaults to the pool size in Keras; pass it explicitly here).
  public static func maxPool2d(pool: Window2D, stride: Window2D, padding: Padding = .valid)
    -> TrainableLayerConfig
  {
    TrainableLayerConfig(Pool2D(.max, window: pool, strides: stride, padding: padding))
  }

  /// Average pooling; padding positions are not counted in the mean.
  public static func avgPool2d(pool: Window2D, stride: Window2D, padding: Padding = .valid)
    -> TrainableLayerConfig
  {
    TrainableLayerConfig(Pool2D(.average, window: pool, strides: stride, padding: padding))
  }
}

extension Pool2D: ChannelPreserving {}
