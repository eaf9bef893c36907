/// A ResNet-50 bottleneck block as in `keras.applications.ResNet50` (`block1`).
///
/// Analytic only. 1x1 conv (f, stride s) → BN → 3x3 conv (f, same) → BN → 1x1 conv (4f) → BN,
/// plus the shortcut: a 1x1 conv (4f, stride s) + BN when `projectShortcut`, else the identity.
/// Keras' convolutions here have biases. With c input channels:
/// params = (c·f + f) + (9·f·f + f) + (f·4f + 4f) + 4·(f + f + 4f) [+ (c·4f + 4f) + 4·4f]
/// non-trainable = 2 × the batch-norm channels
public struct BottleneckBlock: LayerDescription {
  /// Width of the inner convolutions; the block outputs 4·filters channels.
  public var filters: Int
  /// Stride of the first 1x1 convolution and of the shortcut.
  public var stride: Int
  /// Whether the shortcut is a 1x1 convolution (first block of a stage) or the identity.
  public var projectShortcut: Bool

  /// Creates a bottleneck block.
  public init(filters: Int, stride: Int = 1, projectShortcut: Bool = false) {
    self.filters = filters
    self.stride = stride
    self.projectShortcut = projectShortcut
  }

  public var kind: String { "bottleneck" }
  public var isAnalyticOnly: Bool { true }

  public func outputShape(for input: Shape) throws(EngineError) -> Shape {
    try requireAtLeast(1, filters, "bottleneck filters")
    try requireAtLeast(1, stride, "bottleneck stride")
    let (height, width, channels) = try imageDimensions(input, layer: kind)
    if !projectShortcut && (channels != 4 * filters || stride != 1) {
      throw .impossibleShape(
        "an identity shortcut needs \(4 * filters) input channels and stride 1, got \(channels) channels and stride \(stride); use shortcut=conv"
      )
    }
    return try Shape(
      spatialOutput(height: height, width: width, window: 1, stride: stride, padding: .valid)
        + [4 * filters]
    )
  }

  public func weights(for input: Shape) -> [WeightDescription] {
    let c = input.last
    let f = filters
    func conv(_ name: String, _ k: Int, _ inputs: Int, _ outputs: Int) -> [WeightDescription] {
      [
        WeightDescription(
          "\(name).kernel",
          Shape(k, k, inputs, outputs),
          initializer: .glorotUniform
        ),
        WeightDescription("\(name).bias", Shape(outputs), initializer: .zeros),
      ]
    }
    func norm(_ name: String, _ channels: Int) -> [WeightDescription] {
      BatchNormalization().weights(for: Shape(channels)).map { weight in
        var renamed = weight
        renamed.name = "\(name).\(weight.name)"
        return renamed
      }
    }
    var list: [WeightDescription] = []
    if projectShortcut { list += conv("shortcut", 1, c, 4 * f) + norm("shortcut_bn", 4 * f) }
    list += conv("conv1", 1, c, f) + norm("bn1", f)
    list += conv("conv2", 3, f, f) + norm("bn2", f)
    list += conv("conv3", 1, f, 4 * f) + norm("bn3", 4 * f)
    return list
  }

  public func macs(for input: Shape) throws(EngineError) -> Int64 {
    let output = try outputShape(for: input)
    let positions = output.dimensions[0] * output.dimensions[1]
    let c = input.last
    let f = filters
    var total = try productMACs(positions, c, f)
    total = try Int64.checkedSum(total, productMACs(positions, 9, f, f), "bottleneck MACs")
    total = try Int64.checkedSum(total, productMACs(positions, f, 4 * f), "bottleneck MACs")
    if projectShortcut {
      total = try Int64.checkedSum(total, productMACs(positions, c, 4 * f), "bottleneck MACs")
    }
    return total
  }

  /// Stored for backward: each conv output and its batch-norm output, and the block output.
  public func activationElements(for input: Shape) throws(EngineError) -> Int64 {
    let output = try outputShape(for: input)
    let positions = Int64(output.dimensions[0] * output.dimensions[1])
    let perPosition = Int64(2 * (filters + filters + 4 * filters) + 4 * filters)
    let shortcut = projectShortcut ? Int64(2 * 4 * filters) : 0
    return try Int64.checkedProduct(positions, perPosition + shortcut, "bottleneck activations")
  }

  public func formula(for input: Shape) -> String {
    let c = Int64(input.last)
    let f = Int64(filters)
    var total = (c * f + f) + (9 * f * f + f) + (f * 4 * f + 4 * f) + 4 * (6 * f)
    var text =
      "(\(c.grouped)·\(f.grouped) + \(f.grouped)) + (9·\(f.grouped)·\(f.grouped) + \(f.grouped)) + (\(f.grouped)·\((4 * f).grouped) + \((4 * f).grouped)) + 4·\((6 * f).grouped)"
    if projectShortcut {
      total += (c * 4 * f + 4 * f) + 4 * 4 * f
      text += " + (\(c.grouped)·\((4 * f).grouped) + \((4 * f).grouped)) + 4·\((4 * f).grouped)"
    }
    return text + " = \(total.grouped)"
  }
}
