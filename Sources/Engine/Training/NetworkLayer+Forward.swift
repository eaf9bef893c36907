extension NetworkLayer {
  /// Runs the layer on a batch `[n] + inputShape`; in training mode keeps what `backward` needs,
  /// updates batch-norm moving statistics and draws dropout masks from `generator`.
  package mutating func forward(
    _ x: Tensor,
    training: Bool,
    generator: inout SeededGenerator
  ) -> Tensor {
    let layer = config.layer
    let out = layer.forward(x, in: &self, training: training, generator: &generator)
    if training { cache.output = out }
    return out
  }

  /// Adds the bias (broadcast over rows of `width`) and applies the activation, in place;
  /// in training, keeps the values before an activation whose derivative needs them.
  mutating func finish(
    _ out: inout Tensor,
    bias: Tensor?,
    activation: ActivationFunction,
    width: Int,
    training: Bool
  ) {
    out.scalars.withUnsafeMutableBufferPointer { p in
      if let bias {
        bias.scalars.withUnsafeBufferPointer { pb in
          var start = 0
          while start < p.count {
            for j in 0..<width { p[start + j] += pb[j] }
            start += width
          }
        }
      }
    }
    if training && activation.derivativeNeedsInput { cache.preActivation = out.scalars }
    out.scalars.withUnsafeMutableBufferPointer { p in
      activation.apply(p, rowLength: width)
    }
  }

  /// The window geometry of this layer for a batch.
  func geometry(
    batch: Int,
    kernel: Window2D,
    stride: Window2D,
    padding: Padding
  ) -> Convolution.Geometry {
    Convolution.Geometry(
      batch: batch,
      height: inputShape[0],
      width: inputShape[1],
      channels: inputShape[2],
      kernel: (kernel.height, kernel.width),
      stride: (stride.height, stride.width),
      padding: padding
    )
  }
}
