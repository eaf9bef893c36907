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

extension LayerNorm {
  /// Normalizes `rows` rows of `x` into `y`, keeping x̂ and 1/σ for the backward pass.
  func forward(
    _ x: UnsafePointer<Float>,
    rows: Int,
    weights: UnsafePointer<Float>,
    into y: UnsafeMutablePointer<Float>,
    xHat: UnsafeMutablePointer<Float>,
    inverseStd: UnsafeMutablePointer<Float>
  ) {
    Normalization.layerNormForward(
      x,
      rows: rows,
      features: width,
      gamma: weights + weight.offset,
      beta: weights + bias.offset,
      epsilon: LayerNorm.epsilon,
      output: y,
      xHat: xHat,
      inverseStd: inverseStd
    )
  }

  /// Adds γ and β gradients and writes the input gradient into `dx` (overwriting it).
  func backward(
    gradOutput dy: UnsafePointer<Float>,
    rows: Int,
    xHat: UnsafePointer<Float>,
    inverseStd: UnsafePointer<Float>,
    weights: UnsafePointer<Float>,
    gradients: UnsafeMutablePointer<Float>,
    gradInput dx: UnsafeMutablePointer<Float>
  ) {
    Normalization.layerNormBackward(
      gradOutput: dy,
      xHat: xHat,
      inverseStd: inverseStd,
      gamma: weights + weight.offset,
      rows: rows,
      features: width,
      gradInput: dx,
      gradGamma: gradients + weight.offset,
      gradBeta: gradients + bias.offset
    )
  }
}
