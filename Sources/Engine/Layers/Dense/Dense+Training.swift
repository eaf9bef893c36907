extension Dense: ActivatedLayer, NetworkBuildable {
  public var kerasName: String { "dense" }

  public func forward(
    _ x: Tensor,
    in layer: inout NetworkLayer,
    training: Bool,
    generator: inout SeededGenerator
  ) -> Tensor {
    let features = layer.inputShape[layer.inputShape.count - 1]
    let rows = x.count / features
    let outShape = [x.shape[0]] + layer.outputShape
    var out = x.scalars.withUnsafeBufferPointer { px in
      layer.weights[0].scalars.withUnsafeBufferPointer { pw in
        Tensor(shape: outShape) { pc in
          Gemm.multiply(
            m: rows,
            n: units,
            k: features,
            a: px.baseAddress!,
            aRowStride: features,
            aColumnStride: 1,
            b: pw.baseAddress!,
            bRowStride: units,
            bColumnStride: 1,
            c: pc.baseAddress!,
            ldc: units
          )
        }
      }
    }
    layer.finish(
      &out,
      bias: useBias ? layer.weights[1] : nil,
      activation: activation,
      width: units,
      training: training
    )
    if training { layer.cache.input = x }
    return out
  }

  public func backward(_ dz: Tensor, in layer: inout NetworkLayer, needInputGradient: Bool)
    -> Tensor?
  {
    let features = layer.inputShape[layer.inputShape.count - 1]
    let x = layer.cache.input
    let rowsIn = x.count / features
    let inShape = [dz.shape[0]] + layer.inputShape
    x.scalars.withUnsafeBufferPointer { px in
      dz.scalars.withUnsafeBufferPointer { pd in
        layer.gradients[0].scalars.withUnsafeMutableBufferPointer { pg in
          Gemm.multiply(
            m: features,
            n: units,
            k: rowsIn,
            a: px.baseAddress!,
            aRowStride: 1,
            aColumnStride: features,
            b: pd.baseAddress!,
            bRowStride: units,
            bColumnStride: 1,
            c: pg.baseAddress!,
            ldc: units
          )
        }
      }
    }
    if useBias { layer.columnSums(dz, width: units, into: 1) }
    guard needInputGradient else { return nil }
    return dz.scalars.withUnsafeBufferPointer { pd in
      layer.weights[0].scalars.withUnsafeBufferPointer { pw in
        Tensor(shape: inShape) { px in
          Gemm.multiply(
            m: rowsIn,
            n: features,
            k: units,
            a: pd.baseAddress!,
            aRowStride: units,
            aColumnStride: 1,
            b: pw.baseAddress!,
            bRowStride: 1,
            bColumnStride: units,
            c: px.baseAddress!,
            ldc: features
          )
        }
      }
    }
  }
}

extension TrainableLayerConfig {
  /// `y = act(x·W + b)` on the last axis; kernel `[in, units]`; params = in·units + units.
  public static func dense(
    units: Int,
    activation: ActivationFunction = .linear,
    useBias: Bool = true
  ) -> TrainableLayerConfig {
    TrainableLayerConfig(Dense(units: units, activation: activation, useBias: useBias))
  }
}
