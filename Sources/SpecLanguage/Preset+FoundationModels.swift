extension Preset {
  /// Foundation models as `transformers` builds them from their published configs.
  ///
  /// Counts are checked against `Fixtures/hf_counts.json`. Each spec is what `calc summary`
  /// writes for the model's `config.json`; MACs are for 4,096 tokens.
  static let foundationModels: [Preset] = [
    Preset(
      name: "qwen2.5-0.5b",
      summary: "Qwen2.5 0.5B: 24 blocks, d 896, 14 heads / 2 KV heads, tied head",
      spec: "input(4096) tokenembedding(151936,896)"
        + " decoder(heads=14,kv_heads=2,mlp=4864,bias=qkv)x24 rmsnorm head(151936,tied=true)",
      isAnalyticOnly: true,
      publishedParameters: 494_032_768
    ),
    Preset(
      name: "llama-3.2-1b",
      summary: "Llama 3.2 1B: 16 blocks, d 2048, 32 heads / 8 KV heads of 64, tied head",
      spec: "input(4096) tokenembedding(128256,2048)"
        + " decoder(heads=32,kv_heads=8,mlp=8192,mlp_bias=false)x16 rmsnorm head(128256,tied=true)",
      isAnalyticOnly: true,
      publishedParameters: 1_235_814_400
    ),
    Preset(
      name: "phi-3-mini",
      summary: "Phi-3 mini (4k): 32 blocks, d 3072, 32 heads, no GQA",
      spec: "input(4096) tokenembedding(32064,3072)"
        + " decoder(heads=32,kv_heads=32,mlp=8192)x32 rmsnorm head(32064)",
      isAnalyticOnly: true,
      publishedParameters: 3_821_079_552
    ),
    Preset(
      name: "mistral-7b",
      summary: "Mistral 7B v0.1: 32 blocks, d 4096, 32 heads / 8 KV heads",
      spec: "input(4096) tokenembedding(32000,4096)"
        + " decoder(heads=32,kv_heads=8,mlp=14336)x32 rmsnorm head(32000)",
      isAnalyticOnly: true,
      publishedParameters: 7_241_732_096
    ),
    Preset(
      name: "qwen2-7b",
      summary: "Qwen2 7B: 28 blocks, d 3584, 28 heads / 4 KV heads, q/k/v biases",
      spec: "input(4096) tokenembedding(152064,3584)"
        + " decoder(heads=28,kv_heads=4,mlp=18944,bias=qkv)x28 rmsnorm head(152064)",
      isAnalyticOnly: true,
      publishedParameters: 7_615_616_512
    ),
    Preset(
      name: "llama-3.1-8b",
      summary: "Llama 3.1 8B: 32 blocks, d 4096, 32 heads / 8 KV heads, SwiGLU 14336",
      spec: "input(4096) tokenembedding(128256,4096)"
        + " decoder(heads=32,kv_heads=8,mlp=14336,mlp_bias=false)x32 rmsnorm head(128256)",
      isAnalyticOnly: true,
      publishedParameters: 8_030_261_248
    ),
    Preset(
      name: "gemma-2-9b",
      summary: "Gemma 2 9B: 42 blocks, d 3584, 16 heads / 8 KV heads of 256, 4 norms a block",
      spec: "input(4096) tokenembedding(256000,3584)"
        + " decoder(heads=16,kv_heads=8,head_dim=256,mlp=14336,post_norms=true)x42 rmsnorm"
        + " head(256000,tied=true)",
      isAnalyticOnly: true,
      publishedParameters: 9_241_705_984
    ),
    Preset(
      name: "mixtral-8x7b",
      summary: "Mixtral 8x7B: 32 blocks, 8 experts of SwiGLU 14336, 2 per token",
      spec: "input(4096) tokenembedding(32000,4096)"
        + " decoder(heads=32,kv_heads=8,mlp=14336,experts=8,top=2)x32 rmsnorm head(32000)",
      isAnalyticOnly: true,
      publishedParameters: 46_702_792_704
    ),
    Preset(
      name: "llama-3.1-70b",
      summary: "Llama 3.1 70B: 80 blocks, d 8192, 64 heads / 8 KV heads, SwiGLU 28672",
      spec: "input(4096) tokenembedding(128256,8192)"
        + " decoder(heads=64,kv_heads=8,mlp=28672,mlp_bias=false)x80 rmsnorm head(128256)",
      isAnalyticOnly: true,
      publishedParameters: 70_553_706_496
    ),
  ]
}
