/// Global max or average pooling (Keras `GlobalMaxPooling2D`, `GlobalAveragePooling2D`).
///
/// (height, width, channels) → (channels); params = 0; MACs = 0
public struct GlobalPool2D: LayerDescription, Equatable {
  /// Max or average.
  public var poolKind: Pool2D.Kind

  /// Creates a global pooling layer.
  public init(_ kind: Pool2D.Kind) {
    self.poolKind = kind
  }

  public var kind: String { poolKind == .max ? "globalmaxpool2d" : "globalavgpool2d" }

  public func outputShape(for input: Shape) throws(EngineError) -> Shape {
    let (_, _, channels) = try imageDimensions(input, layer: kind)
    return Shape(channels)
  }

  public func weights(for input: Shape) -> [WeightDescription] { [] }

  public func macs(for input: Shape) throws(EngineError) -> Int64 { 0 }
}
