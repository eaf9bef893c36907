/// Layer normalization over the last axis with a gain and a bias (`nn.LayerNorm`, ε = 10⁻⁵).
///
/// y = γ·(x − mean)/√(var + ε) + β per row. It runs a spec's `layernorm` (and the two norms
/// inside each `decoder` block) at PyTorch's ε, as nanoGPT does, whatever ε the spec's layer
/// carries (the spec language's `layernorm` takes none and describes Keras' 10⁻³).
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

  public var parameters: [ParameterSlot] { [weight, bias] }
}
