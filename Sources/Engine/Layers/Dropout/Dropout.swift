/// Randomly zeroes a fraction `rate` of values while training (Keras `Dropout`); params = 0.
public struct Dropout: LayerDescription, Equatable {
  /// The fraction dropped, in [0, 1).
  public var rate: Double

  /// Creates a dropout layer.
  public init(rate: Double) {
    self.rate = rate
  }

  public var kind: String { "dropout" }

  public func outputShape(for input: Shape) throws(EngineError) -> Shape {
    guard rate >= 0 && rate < 1 else {
      throw .invalidArgument("dropout rate must be in [0, 1), got \(rate)")
    }
    return input
  }

  public func weights(for input: Shape) -> [WeightDescription] { [] }

  public func macs(for input: Shape) throws(EngineError) -> Int64 { 0 }
}
