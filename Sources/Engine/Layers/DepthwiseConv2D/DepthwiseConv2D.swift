/// A depthwise convolution (Keras `DepthwiseConv2D`): each input channel gets its own filters.
///
/// Square in the spec language; any `kh × kw` window in the training shorthand.
///
/// params = kh·kw·inChannels·multiplier + inChannels·multiplier (the bias term only with `useBias`)
/// MACs = outHeight × outWidth × inChannels·multiplier × kh·kw
public struct DepthwiseConv2D: LayerDescription, Equatable {
  /// Kernel height and width.
  public var kernel: Window2D
  /// Output channels per input channel (Keras `depth_multiplier`).
  public var depthMultiplier: Int
  /// Step between windows, down and across.
  public var strides: Window2D
  /// Border handling.
  public var padding: Padding
  /// The activation applied to the output (linear in the spec language).
  public var activation: ActivationFunction
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
    self.init(
      kernel: Window2D(kernelSize, kernelSize),
      depthMultiplier: depthMultiplier,
      strides: Window2D(stride, stride),
      padding: padding,
      useBias: useBias
    )
  }

  /// Creates a depthwise convolution with a `kernel.height × kernel.width` window.
  public init(
    kernel: Window2D,
    depthMultiplier: Int = 1,
    strides: Window2D = 1,
    padding: Padding = .valid,
    activation: ActivationFunction = .linear,
    useBias: Bool = true
  ) {
    self.kernel = kernel
    self.depthMultiplier = depthMultiplier
    self.strides = strides
    self.padding = padding
    self.activation = activation
    self.useBias = useBias
  }

  /// Kernel height (the side of a square kernel).
  public var kernelSize: Int { kernel.height }

  /// Step down the image (the stride of a square layer).
  public var stride: Int { strides.height }

  public var kind: String { "depthwiseconv2d" }

  public func outputShape(for input: Shape) throws(EngineError) -> Shape {
    try requireAtLeast(1, min(kernel.height, kernel.width), "depthwiseconv2d kernel size")
    try requireAtLeast(1, depthMultiplier, "depthwiseconv2d multiplier")
    try requireAtLeast(1, min(strides.height, strides.width), "depthwiseconv2d stride")
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
        window: kernel,
        stride: strides,
        padding: padding
      )
        + [Int(outChannels)]
    )
  }

  public func weights(for input: Shape) -> [WeightDescription] {
    var list = [
      WeightDescription(
        "depthwise_kernel",
        Shape(kernel.height, kernel.width, input.last, depthMultiplier),
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
      kernel.height,
      kernel.width
    )
  }

  public func formula(for input: Shape) -> String {
    let channels = Int64(input.last) * Int64(depthMultiplier)
    let total = Int64(kernel.height * kernel.width) * channels + (useBias ? channels : 0)
    let bias = useBias ? " + \(input.last.grouped)·\(depthMultiplier)" : ""
    return
      "\(kernel.height)·\(kernel.width)·\(input.last.grouped)·\(depthMultiplier)\(bias) = \(total.grouped)"
  }
}
