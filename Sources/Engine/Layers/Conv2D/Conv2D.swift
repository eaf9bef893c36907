/// A 2-D convolution (Keras `Conv2D`), channels last; square in the spec language, any
/// `kh × kw` window in the training shorthand `.conv2d(filters:kernel:)`.
///
/// params = filters × (kh·kw·inChannels) + filters (the bias term only with `useBias`)
/// MACs = outHeight × outWidth × filters × kh·kw·inChannels
public struct Conv2D: LayerDescription, Equatable {
  /// Output channels.
  public var filters: Int
  /// Kernel height and width.
  public var kernel: Window2D
  /// Step between windows, down and across.
  public var strides: Window2D
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
    self.init(
      filters: filters,
      kernel: Window2D(kernelSize, kernelSize),
      strides: Window2D(stride, stride),
      padding: padding,
      activation: activation,
      useBias: useBias
    )
  }

  /// Creates a convolution with a `kernel.height × kernel.width` window.
  public init(
    filters: Int,
    kernel: Window2D,
    strides: Window2D = 1,
    padding: Padding = .valid,
    activation: ActivationFunction = .linear,
    useBias: Bool = true
  ) {
    self.filters = filters
    self.kernel = kernel
    self.strides = strides
    self.padding = padding
    self.activation = activation
    self.useBias = useBias
  }

  /// Kernel height (the side of a square kernel).
  public var kernelSize: Int { kernel.height }

  /// Step down the image (the stride of a square layer).
  public var stride: Int { strides.height }

  public var kind: String { "conv2d" }

  public func outputShape(for input: Shape) throws(EngineError) -> Shape {
    try convolutionOutputShape(
      input,
      layer: kind,
      filters: filters,
      kernel: kernel,
      strides: strides,
      padding: padding
    )
  }

  public func weights(for input: Shape) -> [WeightDescription] {
    var list = [
      WeightDescription(
        "kernel",
        Shape(kernel.height, kernel.width, input.last, filters),
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
      kernel.height,
      kernel.width,
      input.last
    )
  }

  public func formula(for input: Shape) -> String {
    let perFilter = Int64(kernel.height) * Int64(kernel.width) * Int64(input.last)
    let total = Int64(filters) * perFilter + (useBias ? Int64(filters) : 0)
    let bias = useBias ? " + \(filters.grouped)" : ""
    return
      "\(filters.grouped) × (\(kernel.height)·\(kernel.width)·\(input.last.grouped))\(bias) = \(total.grouped)"
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
  try convolutionOutputShape(
    input,
    layer: layer,
    filters: filters,
    kernel: Window2D(kernelSize, kernelSize),
    strides: Window2D(stride, stride),
    padding: padding
  )
}

/// The output shape of a convolution with a `kh × kw` window that produces `filters` channels.
func convolutionOutputShape(
  _ input: Shape,
  layer: String,
  filters: Int,
  kernel: Window2D,
  strides: Window2D,
  padding: Padding
) throws(EngineError) -> Shape {
  try requireAtLeast(1, filters, "\(layer) filters")
  try requireAtLeast(1, min(kernel.height, kernel.width), "\(layer) kernel size")
  try requireAtLeast(1, min(strides.height, strides.width), "\(layer) stride")
  let (height, width, _) = try imageDimensions(input, layer: layer)
  return try Shape(
    spatialOutput(height: height, width: width, window: kernel, stride: strides, padding: padding)
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
  try spatialOutput(
    height: height,
    width: width,
    window: Window2D(window, window),
    stride: Window2D(stride, stride),
    padding: padding,
    what: what
  )
}

/// The output (height, width) of a `kh × kw` window sliding over an image.
func spatialOutput(
  height: Int,
  width: Int,
  window: Window2D,
  stride: Window2D,
  padding: Padding,
  what: String = "kernel"
) throws(EngineError) -> [Int] {
  let outHeight = try padding.outputLength(
    height,
    window: window.height,
    stride: stride.height,
    what: what,
    height: height,
    width: width
  )
  let outWidth = try padding.outputLength(
    width,
    window: window.width,
    stride: stride.width,
    what: what,
    height: height,
    width: width
  )
  return [outHeight, outWidth]
}

extension Conv2D {
  /// The im2col matrix: one row of kh·kw·inChannels per output pixel.
  public func workspaceElements(for input: Shape, output: Shape) throws(EngineError) -> Int64 {
    guard input.rank == 3 && output.rank == 3 else { return 0 }
    return try Int64.checkedProduct(
      [output.dimensions[0], output.dimensions[1], kernel.height, kernel.width, input.last],
      "the memory estimate"
    )
  }
}
