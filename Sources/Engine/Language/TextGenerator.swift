import Foundation

/// Samples text from a `GPTModel`, with or without a KV cache, and measures what it costs.
///
/// With the cache each new token runs one row through every layer and reads the keys and
/// values of the tokens before it; when the context (64 tokens for tiny-gpt) is full, the
/// last half of the window is encoded again into a fresh cache (as llama.cpp's context
/// shift does), so the model then sees between half and a whole window of context. Without
/// the cache every token runs the whole window (the last `contextLength` tokens, nanoGPT's
/// crop) through the model. Up to a full window the two give the same tokens.
public struct TextGenerator: Sendable {
  /// The model.
  public let model: GPTModel

  /// A generator for `model`.
  public init(model: GPTModel) {
    self.model = model
  }

  /// What one generation produced and cost.
  public struct Generation: Sendable {
    /// The new tokens (the prompt excluded).
    public var tokens: [Int32]
    /// Wall-clock seconds from the first prompt token to the last new token.
    public var seconds: Double
    /// Whether the KV cache was used.
    public var usedCache: Bool
    /// Bytes of the weights (4 per parameter).
    public var weightBytes: Int
    /// Bytes of the KV cache (0 without it).
    public var cacheBytes: Int
    /// Bytes of the activation buffers the generation allocated.
    public var activationBytes: Int

    /// New tokens per second.
    public var tokensPerSecond: Double { seconds > 0 ? Double(tokens.count) / seconds : 0 }
    /// The memory the generation held at its peak: weights + cache + activation buffers
    /// (all allocated up front, so the peak is their sum).
    public var peakMemoryBytes: Int { weightBytes + cacheBytes + activationBytes }
  }

  /// Generates `count` tokens after `prompt` (at least one token) with `sampler`.
  public func generate(
    prompt: [Int32],
    count: Int,
    sampler: inout TokenSampler,
    useCache: Bool
  ) -> Generation {
    precondition(!prompt.isEmpty, "the prompt needs at least one token")
    let context = model.configuration.contextLength
    var history = prompt
    var produced: [Int32] = []
    produced.reserveCapacity(count)
    let start = DispatchTime.now().uptimeNanoseconds
    var cacheBytes = 0
    var activationBytes = 0
    if useCache {
      let cache = model.makeKeyValueCache()
      let scratch = GPTModel.StepScratch(for: model)
      cacheBytes = cache.bytes
      activationBytes = scratch.bytes
      var filled = 0
      var logits: [Float] = []
      for token in history.suffix(context) {
        logits = model.step(token: token, position: filled, cache: cache, scratch: scratch)
        filled += 1
      }
      for _ in 0..<count {
        let next = sampler.next(logits)
        produced.append(next)
        history.append(next)
        if filled == context {
          filled = 0
          for token in history.suffix(context / 2).dropLast() {
            _ = model.step(token: token, position: filled, cache: cache, scratch: scratch)
            filled += 1
          }
        }
        logits = model.step(token: next, position: filled, cache: cache, scratch: scratch)
        filled += 1
      }
    } else {
      let workspace = GPTWorkspace(for: model, batch: 1, tokens: context, training: false)
      activationBytes = workspace.bytes
      for _ in 0..<count {
        let logits = model.lastLogits(window: Array(history.suffix(context)), workspace: workspace)
        let next = sampler.next(logits)
        produced.append(next)
        history.append(next)
      }
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    return Generation(
      tokens: produced,
      seconds: seconds,
      usedCache: useCache,
      weightBytes: model.parameterCount * MemoryLayout<Float>.stride,
      cacheBytes: cacheBytes,
      activationBytes: activationBytes
    )
  }
}
