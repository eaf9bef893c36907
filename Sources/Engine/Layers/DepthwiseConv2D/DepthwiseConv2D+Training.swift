extension DepthwiseConv2D: ActivatedLayer, NetworkBuildable {
  public var kerasName: String { "depthwise_conv2d" }

  public func forward(
    _ x: Tensor,
    in layer: inout NetworkLayer,
    training: Bool,
    generator: inout SeededGenerator
  ) -> Tensor {
    let batch = x.shape[0]
    let outShape = [batch] + layer.outputShape
    let g = layer.geometry(batch: batch, kernel: kernel, stride: strides, padding: padding)
    var out = x.scalars.withUnsafeBufferPointer { px in
      layer.weights[0].scalars.withUnsafeBufferPointer { pw in
        Tensor(shape: outShape) { pc in
          Convolution.depthwiseForward(
            px.baseAddress!,
            kernel: pw.baseAddress!,
            multiplier: depthMultiplier,
            geometry: g,
            into: pc.baseAddress!
          )
        }
      }
    }
    layer.finish(
      &out,
      bias: useBias ? layer.weights[1] : nil,
      activation: activation,
      width: layer.outputShape[2],
      training: training
    )
    if training { layer.cache.input = x }
    return out
  }

  public func backward(_ dz: Tensor, in layer: inout NetworkLayer, needInputGradient: Bool)
    -> Tensor?
  {
    let batch = dz.shape[0]
    let inShape = [batch] + layer.inputShape
    let g = layer.geometry(batch: batch, kernel: kernel, stride: strides, padding: padding)
    if useBias { layer.columnSums(dz, width: layer.outputShape[2], into: 1) }
    layer.gradients[0].scalars.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    let x = layer.cache.input
    let weights = layer.weights[0]
    let result = x.scalars.withUnsafeBufferPointer { px in
      weights.scalars.withUnsafeBufferPointer { pw in
        dz.scalars.withUnsafeBufferPointer { pd in
          layer.gradients[0].scalars.withUnsafeMutableBufferPointer { pg in
            Tensor(shape: inShape) { pi in
              Convolution.depthwiseBackward(
                px.baseAddress!,
                kernel: pw.baseAddress!,
                multiplier: depthMultiplier,
                geometry: g,
                gradOutput: pd.baseAddress!,
                gradInput: pi.baseAddress!,
                gradKernel: pg.baseAddress!
              )
            }
          }
        }
      }
    }
    return needInputGradient ? result : nil
  }
}

extension TrainableLayerConfig {
  /// Depthwise convolution; kernel `[kh, kw, cin, multiplier]`; params = kh·kw·cin·m + cin·m.
  public static func depthwiseConv2d(
    kernel: Window2D,
    stride: Window2D = 1,
    padding: Padding = .valid,
    depthMultiplier: Int = 1,
    activation: ActivationFunction = .linear,
    useBias: Bool = true
  ) -> TrainableLayerConfig {
    TrainableLayerConfig(
      DepthwiseConv2D(
        kernel: kernel,
        depthMultiplier: depthMultiplier,
        strides: stride,
        padding: padding,
        activation: activation,
        useBias: useBias
      )
    )
  }
}
