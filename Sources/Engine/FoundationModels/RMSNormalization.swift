/// Root-mean-square normalization on the last axis (Llama's final norm): x / rms(x) · g.
///
/// params = d (one gain per feature; no bias, unlike `layernorm`'s 2·d).
public struct RMSNormalization: LayerDescription {
  /// Creates an RMS norm.
  public init() {}

  public var kind: String { "rmsnorm" }

  public func outputShape(for input: Shape) throws(EngineError) -> Shape { input }

  public func weights(for input: Shape) -> [WeightDescription] {
    [WeightDescription("gamma", Shape(input.last), initializer: .ones)]
  }

  public func macs(for input: Shape) throws(EngineError) -> Int64 { 0 }

  public func formula(for input: Shape) -> String {
    "\(input.last.grouped) (one gain per feature) = \(input.last.grouped)"
  }
}
