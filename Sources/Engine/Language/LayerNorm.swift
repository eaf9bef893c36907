/// Layer normalization over the last axis with a gain and a bias (`nn.LayerNorm`, ε = 10⁻⁵).
///
/// y = γ·(x − mean)/√(var + ε) + β per row; params = 2 × width; MACs per token ≈ width
/// (counted as one multiply-add per value, as the other norms in `calc summary`).
public struct LayerNorm: LanguageLayer {
  /// Width of a row.
  public let width: Int
  /// The gain γ.
  public let weight: ParameterSlot
  /// The bias β.
  public let bias: ParameterSlot
  /// PyTorch's default.
  public static let epsilon: Float = 1e-5

  init(_ name: String, width: Int, layout: inout ParameterLayout) {
    self.width = width
    weight = layout.add("\(name).weight", [width])
    bias = layout.add("\(name).bias", [width])
  }

  public var kind: String { "layernorm" }
  public var parameters: [ParameterSlot] { [weight, bias] }
  public var formula: String { "2 × \(width) = \(2 * width)" }
  public func macs(context: Int) -> Int64 { Int64(width) }
}
