extension GPTModel {
  /// Runs the model on `batch` sequences of `tokens` tokens and returns the mean
  /// cross-entropy against `targets` (nats per token).
  ///
  /// `inputs` and `targets` hold `batch × tokens` token ids, row-major by sequence. The
  /// activations stay in `workspace` for `backward`; with `keepGradient` the loss gradient
  /// with respect to the logits is kept too.
  public func forward(
    inputs: [Int32],
    targets: [Int32]?,
    batch: Int,
    tokens: Int,
    workspace: GPTWorkspace,
    keepGradient: Bool = true
  ) -> Double {
    precondition(batch <= workspace.batch && tokens <= workspace.tokens, "workspace too small")
    precondition(tokens <= configuration.contextLength, "more tokens than the context holds")
    precondition(inputs.count == batch * tokens, "inputs must hold batch × tokens ids")
    let rows = batch * tokens
    let d = configuration.width
    let vocabulary = configuration.vocabularySize
    workspace.inputTokens.replaceSubrange(0..<rows, with: inputs)
    if let targets { workspace.targetTokens.replaceSubrange(0..<rows, with: targets) }
    return parameters.values.withUnsafeBufferPointer { store -> Double in
      let w = store.baseAddress!
      let x = workspace.residual.pointer
      workspace.inputTokens.withUnsafeBufferPointer { ids in
        tokenEmbedding.forward(ids.baseAddress!, rows: rows, weights: w, into: x)
      }
      positionEmbedding.forward(batch: batch, tokens: tokens, weights: w, into: x)
      let delta = workspace.scratch.pointer
      for (block, buffers) in zip(blocks, workspace.blocks) {
        block.attentionNorm.forward(
          x,
          rows: rows,
          weights: w,
          into: buffers.attentionNormed.pointer,
          xHat: buffers.attentionXHat.pointer,
          inverseStd: buffers.attentionInverseStd.pointer
        )
        block.attention.forward(
          buffers.attentionNormed.pointer,
          batch: batch,
          tokens: tokens,
          weights: w,
          qkv: buffers.qkv.pointer,
          probabilities: buffers.probabilities.pointer,
          context: buffers.context.pointer,
          into: delta
        )
        GPTModel.add(delta, into: x, count: rows * d)
        block.mlpNorm.forward(
          x,
          rows: rows,
          weights: w,
          into: buffers.mlpNormed.pointer,
          xHat: buffers.mlpXHat.pointer,
          inverseStd: buffers.mlpInverseStd.pointer
        )
        block.mlp.forward(
          buffers.mlpNormed.pointer,
          rows: rows,
          weights: w,
          derivative: buffers.geluDerivative.pointer,
          activated: buffers.activated.pointer,
          into: delta
        )
        GPTModel.add(delta, into: x, count: rows * d)
      }
      finalNorm.forward(
        x,
        rows: rows,
        weights: w,
        into: workspace.finalNormed.pointer,
        xHat: workspace.finalXHat.pointer,
        inverseStd: workspace.finalInverseStd.pointer
      )
      head.projection.forward(
        workspace.finalNormed.pointer,
        rows: rows,
        weights: w,
        into: workspace.logits.pointer
      )
      guard targets != nil else { return 0 }
      return workspace.targetTokens.withUnsafeBufferPointer { ids in
        SoftmaxCrossEntropy.loss(
          logits: workspace.logits.pointer,
          targets: ids.baseAddress!,
          rows: rows,
          classes: vocabulary,
          gradient: keepGradient ? workspace.logitGradient.pointer : nil
        )
      }
    }
  }

  /// Computes ∂loss/∂parameter for the last `forward` (which must have had targets) into
  /// `workspace`'s gradients (see `GPTWorkspace.gradientValues`).
  public func backward(batch: Int, tokens: Int, workspace: GPTWorkspace) {
    let rows = batch * tokens
    let d = configuration.width
    workspace.gradients.zero()
    parameters.values.withUnsafeBufferPointer { store in
      let w = store.baseAddress!
      let g = workspace.gradients.pointer
      let dx = workspace.residualGradient.pointer
      let dNorm = workspace.normGradient.pointer
      let dTemp = workspace.scratch.pointer
      head.projection.backward(
        input: workspace.finalNormed.pointer,
        gradOutput: workspace.logitGradient.pointer,
        rows: rows,
        weights: w,
        gradients: g,
        gradInput: dNorm
      )
      finalNorm.backward(
        gradOutput: dNorm,
        rows: rows,
        xHat: workspace.finalXHat.pointer,
        inverseStd: workspace.finalInverseStd.pointer,
        weights: w,
        gradients: g,
        gradInput: dx
      )
      for (block, buffers) in zip(blocks, workspace.blocks).reversed() {
        block.mlp.backward(
          input: buffers.mlpNormed.pointer,
          gradOutput: dx,
          rows: rows,
          weights: w,
          gradients: g,
          derivative: buffers.geluDerivative.pointer,
          activated: buffers.activated.pointer,
          dHidden: workspace.hiddenGradient.pointer,
          gradInput: dNorm
        )
        block.mlpNorm.backward(
          gradOutput: dNorm,
          rows: rows,
          xHat: buffers.mlpXHat.pointer,
          inverseStd: buffers.mlpInverseStd.pointer,
          weights: w,
          gradients: g,
          gradInput: dTemp
        )
        GPTModel.add(dTemp, into: dx, count: rows * d)
        block.attention.backward(
          input: buffers.attentionNormed.pointer,
          gradOutput: dx,
          batch: batch,
          tokens: tokens,
          weights: w,
          gradients: g,
          qkv: buffers.qkv.pointer,
          probabilities: buffers.probabilities.pointer,
          context: buffers.context.pointer,
          dContext: workspace.contextGradient.pointer,
          dqkv: workspace.qkvGradient.pointer,
          gradInput: dNorm
        )
        block.attentionNorm.backward(
          gradOutput: dNorm,
          rows: rows,
          xHat: buffers.attentionXHat.pointer,
          inverseStd: buffers.attentionInverseStd.pointer,
          weights: w,
          gradients: g,
          gradInput: dTemp
        )
        GPTModel.add(dTemp, into: dx, count: rows * d)
      }
      positionEmbedding.backward(batch: batch, tokens: tokens, gradOutput: dx, gradients: g)
      workspace.inputTokens.withUnsafeBufferPointer { ids in
        tokenEmbedding.backward(ids.baseAddress!, gradOutput: dx, rows: rows, gradients: g)
      }
    }
  }

  /// y += x over `count` values.
  static func add(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, count: Int) {
    var i = 0
    while i + 8 <= count {
      let sum =
        UnsafeRawPointer(y + i).loadUnaligned(as: SIMD8<Float>.self)
        + UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self)
      UnsafeMutableRawPointer(y + i).storeBytes(of: sum, as: SIMD8<Float>.self)
      i += 8
    }
    while i < count {
      y[i] += x[i]
      i += 1
    }
  }
}
