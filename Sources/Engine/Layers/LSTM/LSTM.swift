/// A long short-term memory layer (Keras `LSTM`) over a (steps, features) input.
///
/// params = 4 × (units × (features + units) + units) (one bias per gate; PyTorch has two)
/// MACs = steps × 4·units × (features + units)
public struct LSTM: LayerDescription, Equatable {
  /// Size of the hidden and cell state.
  public var units: Int
  /// Whether every step's output is returned (steps, units) or only the last (units).
  public var returnSequences: Bool

  /// Creates an LSTM layer.
  public init(units: Int, returnSequences: Bool = false) {
    self.units = units
    self.returnSequences = returnSequences
  }

  public var kind: String { "lstm" }

  public func outputShape(for input: Shape) throws(EngineError) -> Shape {
    try recurrentOutputShape(kind, units: units, returnSequences: returnSequences, input: input)
  }

  public func weights(for input: Shape) -> [WeightDescription] {
    recurrentWeights(
      units: units,
      gates: 4,
      features: input.last,
      biasShape: Shape(4 * units),
      biasInitializer: .lstmBias(units: units)
    )
  }

  public func macs(for input: Shape) throws(EngineError) -> Int64 {
    try productMACs(input.dimensions[0], 4, units, input.last + units)
  }

  /// `nn.LSTM` has a second bias vector per gate.
  public func torchExtraParameters(for input: Shape) -> Int64 { 4 &* Int64(units) }

  public func formula(for input: Shape) -> String {
    let total = 4 * (Int64(units) * Int64(input.last + units) + Int64(units))
    return
      "4 × (\(units.grouped) × (\(input.last.grouped) + \(units.grouped)) + \(units.grouped)) = \(total.grouped)"
  }
}

extension LSTM {
  /// The gate states of every step.
  public func workspaceElements(for input: Shape, output: Shape) throws(EngineError) -> Int64 {
    guard input.rank == 2 else { return 0 }
    return try Int64.checkedProduct([6, units, input.dimensions[0]], "the memory estimate")
  }
}
