/// A depthwise-separable convolution (Keras `SeparableConv2D`, depth multiplier 1).
///
/// params = k·k·inChannels + inChannels·filters + filters (one bias, on the pointwise part)
/// MACs = outHeight × outWidth × (k·k·inChannels + inChannels·filters)
public struct SeparableConv2D: LayerDescription {
  /// Output channels of the pointwise (1x1) part.
  public var filters: Int
  /// Kernel height and width of the depthwise part.
  public var kernelSize: Int
  /// Step between windows.
  public var stride: Int
  /// Border handling.
  public var padding: Padding
  /// Whether the layer adds a bias per filter.
  public var useBias: Bool

  /// Creates a separable convolution.
  public init(
    filters: Int,
    kernelSize: Int,
    stride: Int = 1,
    padding: Padding = .valid,
    useBias: Bool = true
  ) {
    self.filters = filters
    self.kernelSize = kernelSize
    self.stride = stride
    self.padding = padding
    self.useBias = useBias
  }

  public var kind: String { "separableconv2d" }

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
        "depthwise_kernel",
        Shape(kernelSize, kernelSize, input.last, 1),
        initializer: .glorotUniform
      ),
      WeightDescription(
        "pointwise_kernel",
        Shape(1, 1, input.last, filters),
        initializer: .glorotUniform
      ),
    ]
    if useBias { list.append(WeightDescription("bias", Shape(filters), initializer: .zeros)) }
    return list
  }

  public func macs(for input: Shape) throws(EngineError) -> Int64 {
    let output = try outputShape(for: input)
    let positions = try productMACs(output.dimensions[0], output.dimensions[1])
    let perPosition = try productMACs(kernelSize, kernelSize, input.last)
    let pointwise = try productMACs(input.last, filters)
    return try Int64.checkedProduct(
      positions,
      Int64.checkedSum(perPosition, pointwise, "separableconv2d MACs"),
      "separableconv2d MACs"
    )
  }

  public func formula(for input: Shape) -> String {
    let channels = Int64(input.last)
    let total =
      Int64(kernelSize * kernelSize) * channels + channels * Int64(filters)
      + (useBias ? Int64(filters) : 0)
    let bias = useBias ? " + \(filters.grouped)" : ""
    return
      "\(kernelSize)·\(kernelSize)·\(input.last.grouped) + \(input.last.grouped)·\(filters.grouped)\(bias) = \(total.grouped)"
  }
}

extension SeparableConv2D {
  /// The depthwise output, then the 1×1 convolution's im2col matrix of it.
  public func workspaceElements(for input: Shape, output: Shape) throws(EngineError) -> Int64 {
    guard input.rank == 3 && output.rank == 3 else { return 0 }
    let what = "the memory estimate"
    return try Int64.checkedProduct(
      Int64.checkedProduct([output.dimensions[0], output.dimensions[1], input.last], what),
      2,
      what
    )
  }
}
