/// A fully connected recurrent layer (Keras `SimpleRNN`) over a (steps, features) input.
///
/// params = units × (features + units) + units (one bias; PyTorch has two)
/// MACs = steps × units × (features + units)
public struct SimpleRNN: LayerDescription, Equatable {
  /// Size of the hidden state.
  public var units: Int
  /// Whether every step's output is returned (steps, units) or only the last (units).
  public var returnSequences: Bool

  /// Creates a simple recurrent layer.
  public init(units: Int, returnSequences: Bool = false) {
    self.units = units
    self.returnSequences = returnSequences
  }

  public var kind: String { "simplernn" }

  public func outputShape(for input: Shape) throws(EngineError) -> Shape {
    try recurrentOutputShape(kind, units: units, returnSequences: returnSequences, input: input)
  }

  public func weights(for input: Shape) -> [WeightDescription] {
    recurrentWeights(units: units, gates: 1, features: input.last, biasShape: Shape(units))
  }

  public func macs(for input: Shape) throws(EngineError) -> Int64 {
    try productMACs(input.dimensions[0], units, input.last + units)
  }

  /// `nn.RNN` has a second bias vector.
  public func torchExtraParameters(for input: Shape) -> Int64 { Int64(units) }

  public func formula(for input: Shape) -> String {
    let total = Int64(units) * Int64(input.last + units) + Int64(units)
    return
      "\(units.grouped) × (\(input.last.grouped) + \(units.grouped)) + \(units.grouped) = \(total.grouped)"
  }
}

/// The output shape of a recurrent layer: (steps, units) or (units).
func recurrentOutputShape(
  _ kind: String,
  units: Int,
  returnSequences: Bool,
  input: Shape
) throws(EngineError) -> Shape {
  try requireAtLeast(1, units, "\(kind) units")
  let (steps, _) = try sequenceDimensions(input, layer: kind)
  return returnSequences ? Shape(steps, units) : Shape(units)
}

/// Keras' recurrent weights: kernel (features, gates·units), recurrent_kernel, bias.
func recurrentWeights(
  units: Int,
  gates: Int,
  features: Int,
  biasShape: Shape,
  biasInitializer: WeightInitializer = .zeros
) -> [WeightDescription] {
  [
    WeightDescription("kernel", Shape(features, gates * units), initializer: .glorotUniform),
    WeightDescription("recurrent_kernel", Shape(units, gates * units), initializer: .orthogonal),
    WeightDescription("bias", biasShape, initializer: biasInitializer),
  ]
}

extension SimpleRNN {
  /// The states of every step.
  public func workspaceElements(for input: Shape, output: Shape) throws(EngineError) -> Int64 {
    guard input.rank == 2 else { return 0 }
    return try Int64.checkedProduct([2, units, input.dimensions[0]], "the memory estimate")
  }
}
