/// A 2-D convolution with a square kernel (Keras `Conv2D`), channels last.
///
/// params = filters × (k·k·inChannels) + filters (the bias term only with `useBias`)
/// MACs = outHeight × outWidth × filters × k·k·inChannels
public struct Conv2D: LayerDescription {
  /// Output channels.
  public var filters: Int
  /// Kernel height and width.
  public var kernelSize: Int
  /// Step between windows.
  public var stride: Int
  /// Border handling.
  public var padding: Padding
  /// The activation applied to the output.
  public var activation: ActivationFunction
  /// Whether the layer adds a bias per filter.
  public var useBias: Bool

  /// Creates a convolution with `filters` output channels and a `kernelSize`² kernel.
  public init(
    filters: Int,
    kernelSize: Int,
    stride: Int = 1,
    padding: Padding = .valid,
    activation: ActivationFunction = .linear,
    useBias: Bool = true
  ) {
    self.filters = filters
    self.kernelSize = kernelSize
    self.stride = stride
    self.padding = padding
    self.activation = activation
    self.useBias = useBias
  }

  public var kind: String { "conv2d" }

  public func outputShape(for input: Shape) throws(EngineError) -> Shape {
    try convolutionOutputShape(
      input,
      layer: kind,
      filters: filters,
      kernelSize: kernelSize,
      stride: stride,
      padding: padding
    )
  }

  public func weights(for input: Shape) -> [WeightDescription] {
    var list = [
      WeightDescription(
        "kernel",
        Shape(kernelSize, kernelSize, input.last, filters),
        initializer: .glorotUniform
      )
    ]
    if useBias { list.append(WeightDescription("bias", Shape(filters), initializer: .zeros)) }
    return list
  }

  public func macs(for input: Shape) throws(EngineError) -> Int64 {
    let output = try outputShape(for: input)
    return try productMACs(
      output.dimensions[0],
      output.dimensions[1],
      filters,
      kernelSize,
      kernelSize,
      input.last
    )
  }

  public func formula(for input: Shape) -> String {
    let perFilter = Int64(kernelSize) * Int64(kernelSize) * Int64(input.last)
    let total = Int64(filters) * perFilter + (useBias ? Int64(filters) : 0)
    let bias = useBias ? " + \(filters.grouped)" : ""
    return
      "\(filters.grouped) × (\(kernelSize)·\(kernelSize)·\(input.last.grouped))\(bias) = \(total.grouped)"
  }
}

/// The output shape of a convolution that produces `filters` channels (conv2d, separable).
///
/// Checks the arguments, then slides a square kernel over the image.
func convolutionOutputShape(
  _ input: Shape,
  layer: String,
  filters: Int,
  kernelSize: Int,
  stride: Int,
  padding: Padding
) throws(EngineError) -> Shape {
  try requireAtLeast(1, filters, "\(layer) filters")
  try requireAtLeast(1, kernelSize, "\(layer) kernel size")
  try requireAtLeast(1, stride, "\(layer) stride")
  let (height, width, _) = try imageDimensions(input, layer: layer)
  return try Shape(
    spatialOutput(
      height: height,
      width: width,
      window: kernelSize,
      stride: stride,
      padding: padding
    )
      + [filters]
  )
}

/// The output (height, width) of a square window sliding over an image.
func spatialOutput(
  height: Int,
  width: Int,
  window: Int,
  stride: Int,
  padding: Padding,
  what: String = "kernel"
) throws(EngineError) -> [Int] {
  let outHeight = try padding.outputLength(
    height,
    window: window,
    stride: stride,
    what: what,
    height: height,
    width: width
  )
  let outWidth = try padding.outputLength(
    width,
    window: window,
    stride: stride,
    what: what,
    height: height,
    width: width
  )
  return [outHeight, outWidth]
}
