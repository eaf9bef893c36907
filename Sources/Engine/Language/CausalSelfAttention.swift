/// Causal multi-head self-attention as in GPT-2 and nanoGPT: one fused query/key/value
/// projection, `heads` heads of width/heads, a causal mask, and an output projection.
///
/// The attention half of a spec's `decoder(heads=H)` block, on (tokens, d) with H heads of
/// size hd = d/H (or `head_dim`). Each token attends to itself and the tokens before it:
/// softmax(q·kᵀ/√hd) over those.
public struct CausalSelfAttention: MatrixWeighted {
  /// Width of the residual stream.
  public let width: Int
  /// Number of heads.
  public let heads: Int
  /// Width of one head (width / heads unless heads were pruned).
  public let headSize: Int
  /// The fused query, key and value projection (`[3d, d]`; queries first, then keys, values).
  public let queryKeyValue: Linear
  /// The output projection (`[d, d]`).
  public let output: Linear

  init(
    _ name: String,
    width: Int,
    heads: Int,
    headSize: Int,
    bias: Bool,
    layout: inout ParameterLayout
  ) {
    self.width = width
    self.heads = heads
    self.headSize = headSize
    queryKeyValue = Linear(
      "\(name).c_attn",
      inputs: width,
      outputs: 3 * heads * headSize,
      bias: bias,
      layout: &layout
    )
    output = Linear(
      "\(name).c_proj",
      inputs: heads * headSize,
      outputs: width,
      bias: bias,
      layout: &layout
    )
  }

  /// Width of the queries, keys and values together: heads × head size.
  public var attentionWidth: Int { heads * headSize }

  public var parameters: [ParameterSlot] { queryKeyValue.parameters + output.parameters }
  public var matrices: [ParameterSlot] { [queryKeyValue.weight, output.weight] }

  /// Bytes the KV cache keeps per token for this layer at 4 bytes a value: 2 × a × 4.
  public var keyValueBytesPerToken: Int { 2 * attentionWidth * MemoryLayout<Float>.stride }
}
