extension GPTModel {
  /// Scratch values for one token at a time: a few rows of width d and one of the vocabulary.
  ///
  /// `@unchecked Sendable` holds by ownership: one generation makes its own and uses it from
  /// one thread; it is never shared between concurrent generations.
  public final class StepScratch: @unchecked Sendable {
    let x, normed, delta, xHat, inverseStd, qkv, context, scores, hidden, logits: FloatBuffer

    /// Scratch for `model`.
    public init(for model: GPTModel) {
      let c = model.configuration
      x = FloatBuffer(count: c.width)
      normed = FloatBuffer(count: c.width)
      delta = FloatBuffer(count: c.width)
      xHat = FloatBuffer(count: c.width)
      inverseStd = FloatBuffer(count: 1)
      qkv = FloatBuffer(count: 3 * c.width)
      context = FloatBuffer(count: c.width)
      scores = FloatBuffer(count: c.contextLength)
      hidden = FloatBuffer(count: c.hiddenWidth)
      logits = FloatBuffer(count: c.vocabularySize)
    }

    /// Bytes held.
    public var bytes: Int {
      [x, normed, delta, xHat, inverseStd, qkv, context, scores, hidden, logits]
        .reduce(0) { $0 + $1.bytes }
    }
  }

  /// An empty KV cache for this model's layers and context.
  public func makeKeyValueCache() -> KeyValueCache {
    KeyValueCache(
      layers: configuration.layers,
      capacity: configuration.contextLength,
      width: configuration.attentionWidth
    )
  }

  /// Feeds `token` at `position` (0-based, below the context length) through the model with
  /// the keys and values of positions 0..<position taken from `cache`, stores its own, and
  /// returns the next-token logits.
  public func step(
    token: Int32,
    position: Int,
    cache: KeyValueCache,
    scratch: StepScratch
  ) -> [Float] {
    step(
      token: token,
      position: position,
      cache: cache,
      scratch: scratch,
      kernel: FloatMatrixVectorKernel()
    )
  }

  /// `step(token:position:cache:scratch:)` with every matrix-vector product of a linear
  /// layer (and of the tied head) run by `kernel`: the float weights of the store, or the
  /// int8/int4 codes of a `QuantizedGPTModel`.
  func step<Kernel: MatrixVectorKernel>(
    token: Int32,
    position: Int,
    cache: KeyValueCache,
    scratch: StepScratch,
    kernel: Kernel
  ) -> [Float] {
    precondition(position < configuration.contextLength, "position beyond the context")
    let d = configuration.width
    return parameters.values.withUnsafeBufferPointer { store -> [Float] in
      let w = store.baseAddress!
      let x = scratch.x.pointer
      x.update(from: w + tokenEmbedding.weight.offset + Int(token) * d, count: d)
      let position0 = w + positionEmbedding.weight.offset + position * d
      for j in 0..<d { x[j] += position0[j] }
      for (index, block) in blocks.enumerated() {
        block.attentionNorm.forward(
          x,
          rows: 1,
          weights: w,
          into: scratch.normed.pointer,
          xHat: scratch.xHat.pointer,
          inverseStd: scratch.inverseStd.pointer
        )
        block.attention.step(
          scratch.normed.pointer,
          position: position,
          layer: index,
          cache: cache,
          weights: w,
          qkv: scratch.qkv.pointer,
          context: scratch.context.pointer,
          scores: scratch.scores.pointer,
          into: scratch.delta.pointer,
          kernel: kernel
        )
        GPTModel.add(scratch.delta.pointer, into: x, count: d)
        block.mlpNorm.forward(
          x,
          rows: 1,
          weights: w,
          into: scratch.normed.pointer,
          xHat: scratch.xHat.pointer,
          inverseStd: scratch.inverseStd.pointer
        )
        kernel.multiply(
          block.mlp.expand,
          scratch.normed.pointer,
          weights: w,
          into: scratch.hidden.pointer
        )
        ActivationFunction.gelu(scratch.hidden.pointer, count: block.mlp.hidden, derivative: nil)
        kernel.multiply(
          block.mlp.project,
          scratch.hidden.pointer,
          weights: w,
          into: scratch.delta.pointer
        )
        GPTModel.add(scratch.delta.pointer, into: x, count: d)
      }
      finalNorm.forward(
        x,
        rows: 1,
        weights: w,
        into: scratch.normed.pointer,
        xHat: scratch.xHat.pointer,
        inverseStd: scratch.inverseStd.pointer
      )
      kernel.multiply(
        head.projection,
        scratch.normed.pointer,
        weights: w,
        into: scratch.logits.pointer
      )
      return Array(
        UnsafeBufferPointer(start: scratch.logits.pointer, count: configuration.vocabularySize)
      )
    }
  }

  /// The next-token logits after `window` (at most the context length) by running the whole
  /// window through the model, as generation without a KV cache does.
  public func lastLogits(window: [Int32], workspace: GPTWorkspace) -> [Float] {
    let tokens = window.count
    _ = forward(
      inputs: window,
      targets: nil,
      batch: 1,
      tokens: tokens,
      workspace: workspace,
      keepGradient: false
    )
    let v = configuration.vocabularySize
    return Array(UnsafeBufferPointer(start: workspace.logits.pointer + (tokens - 1) * v, count: v))
  }
}
