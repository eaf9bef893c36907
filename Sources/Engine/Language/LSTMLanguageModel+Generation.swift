import Foundation

extension LSTMLanguageModel {
  /// The recurrent state of one sequence (h then c of every layer) and the scratch of a step.
  ///
  /// `@unchecked Sendable` holds by ownership: one generation makes its own and uses it from
  /// one thread; it is never shared between concurrent generations.
  public final class StepState: @unchecked Sendable {
    let state, embedded, gates, scratch, logits: FloatBuffer

    /// A zero state for `model`.
    public init(for model: LSTMLanguageModel) {
      let c = model.configuration
      state = FloatBuffer(count: 2 * c.layers * c.hiddenWidth)
      embedded = FloatBuffer(count: c.embeddingWidth)
      gates = FloatBuffer(count: 4 * c.hiddenWidth)
      scratch = FloatBuffer(count: 4 * c.hiddenWidth)
      logits = FloatBuffer(count: c.vocabularySize)
    }

    /// Bytes of the carried state (h and c of every layer).
    public var stateBytes: Int { state.bytes }
    /// Bytes of the step's scratch buffers.
    public var scratchBytes: Int { [embedded, gates, scratch, logits].reduce(0) { $0 + $1.bytes } }
  }

  /// Feeds `token` through the model from the state in `state`, carries the state forward
  /// and returns the next-token logits: one step, whatever came before.
  public func step(token: Int32, state: StepState) -> [Float] {
    let h = configuration.hiddenWidth
    return parameters.values.withUnsafeBufferPointer { store -> [Float] in
      let w = store.baseAddress!
      var token = token
      embedding.forward(&token, rows: 1, weights: w, into: state.embedded.pointer)
      var x = UnsafePointer(state.embedded.pointer)
      for (index, layer) in recurrentLayers.enumerated() {
        let layerState = state.state.pointer + index * 2 * h
        layer.step(
          x,
          weights: w,
          state: layerState,
          gates: state.gates.pointer,
          scratch: state.scratch.pointer
        )
        x = UnsafePointer(layerState)
      }
      head.forward(x, rows: 1, weights: w, into: state.logits.pointer)
      return Array(
        UnsafeBufferPointer(start: state.logits.pointer, count: configuration.vocabularySize)
      )
    }
  }

  /// Generates `count` tokens after `prompt` (at least one token) with `sampler`, carrying
  /// the state (h, c) from token to token: the prompt costs one step a token and every new
  /// token one step, with no window and no cache to rebuild.
  ///
  /// The result's `cacheBytes` is 0 (an LSTM has no KV cache); its `activationBytes` are the
  /// carried state plus the step's scratch.
  public func generate(
    prompt: [Int32],
    count: Int,
    sampler: inout TokenSampler
  ) -> TextGenerator.Generation {
    precondition(!prompt.isEmpty, "the prompt needs at least one token")
    let start = DispatchTime.now().uptimeNanoseconds
    let state = StepState(for: self)
    var logits: [Float] = []
    for token in prompt { logits = step(token: token, state: state) }
    var produced: [Int32] = []
    produced.reserveCapacity(count)
    for index in 0..<count {
      let next = sampler.next(logits)
      produced.append(next)
      if index + 1 < count { logits = step(token: next, state: state) }
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    return TextGenerator.Generation(
      tokens: produced,
      seconds: seconds,
      usedCache: false,
      weightBytes: parameterCount * MemoryLayout<Float>.stride,
      cacheBytes: 0,
      activationBytes: state.stateBytes + state.scratchBytes
    )
  }
}
