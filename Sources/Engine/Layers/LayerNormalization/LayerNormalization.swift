/// Layer normalization over the last axis (Keras `LayerNormalization`).
///
/// params = 2 × features (gamma, beta); MACs = 0
public struct LayerNormalization: LayerDescription, Equatable {
  /// Added to the variance before the square root (Keras `epsilon`).
  public var epsilon: Float

  /// Creates a layer-normalization layer (Keras default ε = 10⁻³).
  public init(epsilon: Float = 1e-3) {
    self.epsilon = epsilon
  }

  public var kind: String { "layernorm" }

  public func outputShape(for input: Shape) throws(EngineError) -> Shape {
    guard input.rank >= 1 else {
      throw .wrongInputRank(layer: kind, expected: "at least one axis", input: input)
    }
    guard epsilon > 0 else {
      throw .invalidArgument("layernorm epsilon must be greater than 0, got \(epsilon)")
    }
    return input
  }

  public func weights(for input: Shape) -> [WeightDescription] {
    [
      WeightDescription("gamma", Shape(input.last), initializer: .ones),
      WeightDescription("beta", Shape(input.last), initializer: .zeros),
    ]
  }

  public func macs(for input: Shape) throws(EngineError) -> Int64 { 0 }

  public func formula(for input: Shape) -> String {
    "2 × \(input.last.grouped) = \((2 * Int64(input.last)).grouped)"
  }
}
