extension Conv1D: ActivatedLayer, NetworkBuildable {
  public var kerasName: String { "conv1d" }

  /// The sequence as a one-row image: height 1, width `steps` (same memory layout), so
  /// the 2-D im2col kernels run it; the kernel `[k, cin, filters]` is `[1, k, cin, filters]`.
  func geometry(batch: Int, steps: Int, channels: Int) -> Convolution.Geometry {
    Convolution.Geometry(
      batch: batch,
      height: 1,
      width: steps,
      channels: channels,
      kernel: (1, kernelSize),
      stride: (1, stride),
      padding: padding
    )
  }

  public func forward(
    _ x: Tensor,
    in layer: inout NetworkLayer,
    training: Bool,
    generator: inout SeededGenerator
  ) -> Tensor {
    let g = geometry(batch: x.shape[0], steps: layer.inputShape[0], channels: layer.inputShape[1])
    return Conv2D.im2colForward(
      x,
      geometry: g,
      filters: filters,
      activation: activation,
      useBias: useBias,
      in: &layer,
      training: training
    )
  }

  public func backward(_ dz: Tensor, in layer: inout NetworkLayer, needInputGradient: Bool)
    -> Tensor?
  {
    let g = geometry(
      batch: dz.shape[0],
      steps: layer.inputShape[0],
      channels: layer.inputShape[1]
    )
    return Conv2D.im2colBackward(
      dz,
      geometry: g,
      filters: filters,
      useBias: useBias,
      in: &layer,
      needInputGradient: needInputGradient
    )
  }
}

extension Conv1D: Prunable, StructurallyPrunable {
  public func multiplyAccumulates(inputShape: [Int], outputShape: [Int]) -> Int {
    outputShape[0] * filters * kernelSize * inputShape[1]
  }

  public func withOutputs(_ count: Int) -> any TrainableLayer {
    var copy = self
    copy.filters = count
    return copy
  }

  public var kernelInputAxis: Int { 1 }
}

extension TrainableLayerConfig {
  /// 1-D convolution over `(steps, channels)`; kernel `[k, cin, filters]`;
  /// params = k·cin·filters + filters.
  public static func conv1d(
    filters: Int,
    kernel: Int,
    stride: Int = 1,
    padding: Padding = .valid,
    activation: ActivationFunction = .linear,
    useBias: Bool = true
  ) -> TrainableLayerConfig {
    TrainableLayerConfig(
      Conv1D(
        filters: filters,
        kernelSize: kernel,
        stride: stride,
        padding: padding,
        activation: activation,
        useBias: useBias
      )
    )
  }
}
