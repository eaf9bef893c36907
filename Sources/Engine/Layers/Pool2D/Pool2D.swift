/// Max or average pooling (Keras `MaxPooling2D`, `AveragePooling2D`): square windows in the
/// spec language, any `ph × pw` window in the training shorthands.
///
/// params = 0; MACs = 0 (pooling is not a weight product)
/// output = floor((n - pool) / stride) + 1 (valid) or ceil(n / stride) (same)
public struct Pool2D: LayerDescription, Equatable {
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
  public var window: Window2D
  /// Step between windows, down and across (Keras defaults it to the pool size).
  public var strides: Window2D
  /// Border handling.
  public var padding: Padding

  /// Creates a pooling layer; `stride` defaults to `poolSize`.
  public init(_ kind: Kind, poolSize: Int, stride: Int? = nil, padding: Padding = .valid) {
    self.init(
      kind,
      window: Window2D(poolSize, poolSize),
      strides: Window2D(stride ?? poolSize, stride ?? poolSize),
      padding: padding
    )
  }

  /// Creates a pooling layer with a `window.height × window.width` window.
  public init(_ kind: Kind, window: Window2D, strides: Window2D, padding: Padding = .valid) {
    self.poolKind = kind
    self.window = window
    self.strides = strides
    self.padding = padding
  }

  /// Window height (the side of a square window).
  public var poolSize: Int { window.height }

  /// Step down the image (the stride of a square layer).
  public var stride: Int { strides.height }

  public var kind: String { poolKind == .max ? "maxpool2d" : "avgpool2d" }

  public func outputShape(for input: Shape) throws(EngineError) -> Shape {
    try requireAtLeast(1, min(window.height, window.width), "\(kind) pool size")
    try requireAtLeast(1, min(strides.height, strides.width), "\(kind) stride")
    let (height, width, channels) = try imageDimensions(input, layer: kind)
    return try Shape(
      spatialOutput(
        height: height,
        width: width,
        window: window,
        stride: strides,
        padding: padding,
        what: "pool"
      ) + [channels]
    )
  }

  public func weights(for input: Shape) -> [WeightDescription] { [] }

  public func macs(for input: Shape) throws(EngineError) -> Int64 { 0 }
}
