/// A 1-D convolution over a sequence (Keras `Conv1D`), channels last: a `(steps, channels)`
/// input becomes `(outSteps, filters)`.
///
/// params = filters × (k·inChannels) + filters (the bias term only with `useBias`)
/// MACs = outSteps × filters × k·inChannels
/// outSteps = ⌊(steps − k) / stride⌋ + 1 (valid) or ⌈steps / stride⌉ (same)
public struct Conv1D: LayerDescription, Equatable {
  /// Output channels.
  public var filters: Int
  /// Kernel length (steps one window covers).
  public var kernelSize: Int
  /// Step between windows.
  public var stride: Int
  /// Border handling.
  public var padding: Padding
  /// The activation applied to the output.
  public var activation: ActivationFunction
  /// Whether the layer adds a bias per filter.
  public var useBias: Bool

  /// Creates a 1-D convolution with `filters` output channels and a kernel of `kernelSize` steps.
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

  public var kind: String { "conv1d" }

  public func outputShape(for input: Shape) throws(EngineError) -> Shape {
    try requireAtLeast(1, filters, "conv1d filters")
    try requireAtLeast(1, kernelSize, "conv1d kernel size")
    try requireAtLeast(1, stride, "conv1d stride")
    let (steps, _) = try sequenceDimensions(input, layer: kind)
    let length = try padding.outputLength(
      steps,
      window: kernelSize,
      stride: stride,
      what: "kernel",
      height: steps,
      width: input.last
    )
    return Shape(length, filters)
  }

  public func weights(for input: Shape) -> [WeightDescription] {
    var list = [
      WeightDescription(
        "kernel",
        Shape(kernelSize, input.last, filters),
        initializer: .glorotUniform
      )
    ]
    if useBias { list.append(WeightDescription("bias", Shape(filters), initializer: .zeros)) }
    return list
  }

  public func macs(for input: Shape) throws(EngineError) -> Int64 {
    let output = try outputShape(for: input)
    return try productMACs(output.dimensions[0], filters, kernelSize, input.last)
  }

  public func formula(for input: Shape) -> String {
    let perFilter = Int64(kernelSize) * Int64(input.last)
    let total = Int64(filters) * perFilter + (useBias ? Int64(filters) : 0)
    let bias = useBias ? " + \(filters.grouped)" : ""
    return "\(filters.grouped) × (\(kernelSize)·\(input.last.grouped))\(bias) = \(total.grouped)"
  }
}

extension Conv1D {
  /// The im2col matrix: one row of k·inChannels per output step.
  public func workspaceElements(for input: Shape, output: Shape) throws(EngineError) -> Int64 {
    guard input.rank == 2 && output.rank == 2 else { return 0 }
    return try Int64.checkedProduct(
      [output.dimensions[0], kernelSize, input.last],
      "the memory estimate"
    )
  }
}
