extension SeparableConv2D: NetworkBuildable {
  /// A depthwise convolution without bias followed by a 1×1 convolution: exactly Keras'
  /// parameters, exported as `depthwise_kernel`, `pointwise_kernel` and `bias`.
  public func networkLayers() throws(EngineError) -> [TrainableLayerConfig] {
    [
      TrainableLayerConfig(
        DepthwiseConv2D(
          kernelSize: kernelSize,
          depthMultiplier: 1,
          stride: stride,
          padding: padding,
          useBias: false
        )
      ),
      TrainableLayerConfig(
        Conv2D(
          filters: filters,
          kernelSize: 1,
          stride: 1,
          padding: .valid,
          activation: .linear,
          useBias: useBias
        )
      ),
    ]
  }
}
