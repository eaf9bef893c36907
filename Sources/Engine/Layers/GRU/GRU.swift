/// A gated recurrent unit layer (Keras 3 `GRU`, `reset_after=True`) over (steps, features).
///
/// params = 3 × (units × (features + units) + 2·units) (input and recurrent bias, shape (2, 3·units);
/// matches PyTorch; `reset_after=False` would have 3·units fewer)
/// MACs = steps × 3·units × (features + units)
public struct GRU: LayerDescription, Equatable {
  /// Size of the hidden state.
  public var units: Int
  /// Whether every step's output is returned (steps, units) or only the last (units).
  public var returnSequences: Bool

  /// Creates a GRU layer.
  public init(units: Int, returnSequences: Bool = false) {
    self.units = units
    self.returnSequences = returnSequences
  }

  public var kind: String { "gru" }

  public func outputShape(for input: Shape) throws(EngineError) -> Shape {
    try recurrentOutputShape(kind, units: units, returnSequences: returnSequences, input: input)
  }

  public func weights(for input: Shape) -> [WeightDescription] {
    recurrentWeights(units: units, gates: 3, features: input.last, biasShape: Shape(2, 3 * units))
  }

  public func macs(for input: Shape) throws(EngineError) -> Int64 {
    try productMACs(input.dimensions[0], 3, units, input.last + units)
  }

  public func formula(for input: Shape) -> String {
    let total = 3 * (Int64(units) * Int64(input.last + units) + 2 * Int64(units))
    return
      "3 × (\(units.grouped) × (\(input.last.grouped) + \(units.grouped)) + 2·\(units.grouped)) = \(total.grouped)"
  }
}

extension GRU {
  /// The gate states of every step.
  public func workspaceElements(for input: Shape, output: Shape) throws(EngineError) -> Int64 {
    guard input.rank == 2 else { return 0 }
    return try Int64.checkedProduct([6, units, input.dimensions[0]], "the memory estimate")
  }
}
