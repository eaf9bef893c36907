/// An activation as its own layer (Keras `Activation`); params = 0; MACs = 0.
public struct Activation: LayerDescription, Equatable {
  /// The function applied element-wise.
  public var function: ActivationFunction

  /// Creates an activation layer.
  public init(_ function: ActivationFunction) {
    self.function = function
  }

  public var kind: String { function.rawValue }

  public func outputShape(for input: Shape) throws(EngineError) -> Shape { input }

  public func weights(for input: Shape) -> [WeightDescription] { [] }

  public func macs(for input: Shape) throws(EngineError) -> Int64 { 0 }
}
