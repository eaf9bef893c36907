/// A fully connected layer (Keras `Dense`); on a (steps, d) input it acts on the last axis.
///
/// params = units × inputs + units (the bias term only with `useBias`)
/// MACs = positions × inputs × units, positions = product of the leading axes
public struct Dense: LayerDescription, Equatable {
  /// Output features.
  public var units: Int
  /// The activation applied to the output.
  public var activation: ActivationFunction
  /// Whether the layer adds a bias vector.
  public var useBias: Bool

  /// Creates a dense layer with `units` outputs.
  public init(units: Int, activation: ActivationFunction = .linear, useBias: Bool = true) {
    self.units = units
    self.activation = activation
    self.useBias = useBias
  }

  public var kind: String { "dense" }

  public func outputShape(for input: Shape) throws(EngineError) -> Shape {
    try requireAtLeast(1, units, "dense units")
    guard input.rank >= 1 else {
      throw .wrongInputRank(layer: kind, expected: "at least one axis", input: input)
    }
    return input.replacingLast(with: units)
  }

  public func weights(for input: Shape) -> [WeightDescription] {
    var list = [WeightDescription("kernel", Shape(input.last, units), initializer: .glorotUniform)]
    if useBias { list.append(WeightDescription("bias", Shape(units), initializer: .zeros)) }
    return list
  }

  public func macs(for input: Shape) throws(EngineError) -> Int64 {
    try productMACs(input.dimensions.dropLast().reduce(1, *), input.last, units)
  }

  public func formula(for input: Shape) -> String {
    let kernel = Int64(units) * Int64(input.last)
    let total = kernel + (useBias ? Int64(units) : 0)
    let bias = useBias ? " + \(units.grouped)" : ""
    return "\(units.grouped) × \(input.last.grouped)\(bias) = \(total.grouped)"
  }
}
