/// The transformer's feed-forward part: a linear layer to `hidden` features, exact GELU,
/// and a linear layer back (nanoGPT's `MLP`, PyTorch's `nn.GELU()` with the error function).
///
/// params = (d·h + h) (c_fc) + (h·d + d) (c_proj); MACs per token = 2·d·h (h = 4d in GPT-2)
public struct GELUMLP: MatrixWeighted {
  /// Width of the residual stream.
  public let width: Int
  /// Hidden features.
  public let hidden: Int
  /// The expanding layer (`[h, d]`).
  public let expand: Linear
  /// The projecting layer (`[d, h]`).
  public let project: Linear

  init(_ name: String, width: Int, hidden: Int, bias: Bool, layout: inout ParameterLayout) {
    self.width = width
    self.hidden = hidden
    expand = Linear("\(name).c_fc", inputs: width, outputs: hidden, bias: bias, layout: &layout)
    project = Linear(
      "\(name).c_proj",
      inputs: hidden,
      outputs: width,
      bias: bias,
      layout: &layout
    )
  }

  public var kind: String { "mlp" }
  public var parameters: [ParameterSlot] { expand.parameters + project.parameters }
  public var matrices: [ParameterSlot] { [expand.weight, project.weight] }
  public var formula: String { "(\(expand.formula)) + (\(project.formula)) = \(parameterCount)" }
  public func macs(context: Int) -> Int64 { expand.macs(context: 1) + project.macs(context: 1) }
}
