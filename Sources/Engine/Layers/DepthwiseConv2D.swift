/// A depthwise convolution (Keras `DepthwiseConv2D`): each input channel gets its own filters.
///
/// params = k·k·inChannels·multiplier + inChannels·multiplier (the bias term only with `useBias`)
/// MACs = outHeight × outWidth × inChannels·multiplier × k·k
public struct DepthwiseConv2D: LayerDescription {
  /// Kernel height and width.
  public var kernelSize: Int
  /// Output channels per input channel (Keras `depth_multiplier`).
  public var depthMultiplier: Int
  /// Step between windows.
  public var stride: Int
  /// Border handling.
  public var padding: Padding
  /// Whether the layer adds a bias per output channel.
  public var useBias: Bool

  /// Creates a depthwise convolution with a `kernelSize`² kernel.
  public init(
    kernelSize: Int,
    depthMultiplier: Int = 1,
    stride: Int = 1,
    padding: Padding = .valid,
    useBias: Bool = true
  ) {
    self.kernelSize = kernelSize
    self.depthMultiplier = depthMultiplier
    self.stride = stride
    self.padding = padding
    self.useBias = useBias
  }

  public var kind: String { "depthwiseconv2d" }

  public func outputShape(for input: Shape) throws(EngineError) -> Shape {
    try requireAtLeast(1, kernelSize, "depthwiseconv2d kernel size")
    try requireAtLeast(1, depthMultiplier, "depthwiseconv2d multiplier")
    try requireAtLeast(1, stride, "depthwiseconv2d stride")
    let (height, width, channels) = try imageDimensions(input, layer: kind)
    let outChannels = try Int64.checkedProduct(
      Int64(channels),
      Int64(depthMultiplier),
      "depthwiseconv2d channels"
    )
    return try Shape(
      spatialOutput(
        height: height,
        width: width,
        window: kernelSize,
        stride: stride,
        padding: padding
      )
        + [Int(outChannels)]
    )
  }

  public func weights(for input: Shape) -> [WeightDescription] {
    var list = [
      WeightDescription(
        "kernel",
        Shape(kernelSize, kernelSize, input.last, depthMultiplier),
        initializer: .glorotUniform
      )
    ]
    if useBias {
      list.append(
        WeightDescription("bias", Shape(input.last * depthMultiplier), initializer: .zeros)
      )
    }
    return list
  }

  public func macs(for input: Shape) throws(EngineError) -> Int64 {
    let output = try outputShape(for: input)
    return try productMACs(
      output.dimensions[0],
      output.dimensions[1],
      output.dimensions[2],
      kernelSize,
      kernelSize
    )
  }

  public func formula(for input: Shape) -> String {
    let channels = Int64(input.last) * Int64(depthMultiplier)
    let total = Int64(kernelSize * kernelSize) * channels + (useBias ? channels : 0)
    let bias = useBias ? " + \(input.last.grouped)·\(depthMultiplier)" : ""
    return
      "\(kernelSize)·\(kernelSize)·\(input.last.grouped)·\(depthMultiplier)\(bias) = \(total.grouped)"
  }
}
