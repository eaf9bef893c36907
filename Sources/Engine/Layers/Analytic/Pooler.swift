/// BERT's pooler: a tanh dense layer on the first token's vector, (steps, d) → (d).
///
/// Analytic only. params = d·d + d; MACs = d·d
public struct Pooler: LayerDescription {
  /// Creates a pooler.
  public init() {}

  public var kind: String { "pooler" }
  public var isAnalyticOnly: Bool { true }

  public func outputShape(for input: Shape) throws(EngineError) -> Shape {
    let (_, model) = try sequenceDimensions(input, layer: kind)
    return Shape(model)
  }

  public func weights(for input: Shape) -> [WeightDescription] {
    [
      WeightDescription("kernel", Shape(input.last, input.last), initializer: .glorotUniform),
      WeightDescription("bias", Shape(input.last), initializer: .zeros),
    ]
  }

  public func macs(for input: Shape) throws(EngineError) -> Int64 {
    try productMACs(input.last, input.last)
  }

  public func formula(for input: Shape) -> String {
    let d = Int64(input.last)
    return "\(d.grouped)·\(d.grouped) + \(d.grouped) = \((d * d + d).grouped)"
  }
}
