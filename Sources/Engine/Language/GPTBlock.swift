/// One pre-norm transformer block with residual connections (GPT-2, nanoGPT's `Block`):
/// x = x + attention(layernorm₁(x)); x = x + mlp(layernorm₂(x)).
///
/// It runs a spec's `decoder(heads=H,mlp=h,mlp_kind=gelu,norm=layernorm,bias=true)` block.
public struct GPTBlock: LanguageLayer {
  /// The norm before attention (`ln_1`).
  public let attentionNorm: LayerNorm
  /// Causal self-attention (`attn`).
  public let attention: CausalSelfAttention
  /// The norm before the MLP (`ln_2`).
  public let mlpNorm: LayerNorm
  /// The feed-forward part (`mlp`).
  public let mlp: GELUMLP

  init(_ name: String, configuration: GPTConfiguration, layout: inout ParameterLayout) {
    let d = configuration.width
    attentionNorm = LayerNorm("\(name).ln_1", width: d, layout: &layout)
    attention = CausalSelfAttention(
      "\(name).attn",
      width: d,
      heads: configuration.heads,
      headSize: configuration.headSize,
      bias: configuration.bias,
      layout: &layout
    )
    mlpNorm = LayerNorm("\(name).ln_2", width: d, layout: &layout)
    mlp = GELUMLP(
      "\(name).mlp",
      width: d,
      hidden: configuration.hiddenWidth,
      bias: configuration.bias,
      layout: &layout
    )
  }

  /// The block's parts in order.
  public var parts: [any LanguageLayer] { [attentionNorm, attention, mlpNorm, mlp] }

  public var parameters: [ParameterSlot] { parts.flatMap(\.parameters) }
}
