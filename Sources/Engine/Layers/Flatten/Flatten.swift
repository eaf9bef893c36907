/// Flattens all axes into one (Keras `Flatten`); params = 0.
public struct Flatten: LayerDescription, Equatable {
  /// Creates a flatten layer.
  public init() {}

  public var kind: String { "flatten" }

  public func outputShape(for input: Shape) throws(EngineError) -> Shape {
    let count = try input.elementCount()
    return Shape(Int(count))
  }

  public func weights(for input: Shape) -> [WeightDescription] { [] }

  public func macs(for input: Shape) throws(EngineError) -> Int64 { 0 }
}
