/// The transformer's feed-forward part: a linear layer to `hidden` features, exact GELU,
/// and a linear layer back (nanoGPT's `MLP`, PyTorch's `nn.GELU()` with the error function).
///
/// The MLP half of a spec's `decoder(mlp=h,mlp_kind=gelu)` block (h = 4d in GPT-2).
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

  public var parameters: [ParameterSlot] { expand.parameters + project.parameters }
  public var matrices: [ParameterSlot] { [expand.weight, project.weight] }
}
