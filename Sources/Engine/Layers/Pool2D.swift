/// Max or average pooling over square windows (Keras `MaxPooling2D`, `AveragePooling2D`).
///
/// params = 0; MACs = 0 (pooling is not a weight product)
/// output = floor((n - pool) / stride) + 1 (valid) or ceil(n / stride) (same)
public struct Pool2D: LayerDescription {
  /// Which value a window keeps.
  public enum Kind: String, Sendable {
    /// The largest value.
    case max
    /// The mean value.
    case average
  }

  /// Max or average.
  public var poolKind: Kind
  /// Window height and width.
  public var poolSize: Int
  /// Step between windows (Keras defaults it to the pool size).
  public var stride: Int
  /// Border handling.
  public var padding: Padding

  /// Creates a pooling layer; `stride` defaults to `poolSize`.
  public init(_ kind: Kind, poolSize: Int, stride: Int? = nil, padding: Padding = .valid) {
    self.poolKind = kind
    self.poolSize = poolSize
    self.stride = stride ?? poolSize
    self.padding = padding
  }

  public var kind: String { poolKind == .max ? "maxpool2d" : "avgpool2d" }

  public func outputShape(for input: Shape) throws(EngineError) -> Shape {
    try requireAtLeast(1, poolSize, "\(kind) pool size")
    try requireAtLeast(1, stride, "\(kind) stride")
    let (height, width, channels) = try imageDimensions(input, layer: kind)
    return try Shape(
      spatialOutput(
        height: height,
        width: width,
        window: poolSize,
        stride: stride,
        padding: padding,
        what: "pool"
      ) + [channels]
    )
  }

  public func weights(for input: Shape) -> [WeightDescription] { [] }

  public func macs(for input: Shape) throws(EngineError) -> Int64 { 0 }
}
