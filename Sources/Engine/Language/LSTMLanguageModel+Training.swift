extension LSTMLanguageModel {
  /// Runs the model on `batch` sequences of `tokens` tokens, each from a zero state, and
  /// returns the mean cross-entropy against `targets` (nats per token; 0 without targets).
  ///
  /// `inputs` and `targets` hold `batch × tokens` token ids, row-major by sequence. The
  /// activations stay in `workspace` for `backward`; with `keepGradient` the loss gradient
  /// with respect to the logits is kept too.
  public func forward(
    inputs: [Int32],
    targets: [Int32]?,
    batch: Int,
    tokens: Int,
    workspace: LSTMWorkspace,
    keepGradient: Bool = true
  ) -> Double {
    precondition(batch <= workspace.batch && tokens <= workspace.tokens, "workspace too small")
    precondition(inputs.count == batch * tokens, "inputs must hold batch × tokens ids")
    let rows = batch * tokens
    let training = keepGradient && targets != nil && !workspace.gradientBuffer.isEmpty
    workspace.inputTokens.replaceSubrange(0..<rows, with: inputs)
    if let targets { workspace.targetTokens.replaceSubrange(0..<rows, with: targets) }
    return parameters.values.withUnsafeBufferPointer { store -> Double in
      let w = store.baseAddress!
      workspace.inputTokens.withUnsafeBufferPointer { ids in
        embedding.forward(
          ids.baseAddress!,
          rows: rows,
          weights: w,
          into: workspace.embedded.pointer
        )
      }
      var x = UnsafePointer(workspace.embedded.pointer)
      for (layer, buffers) in zip(recurrentLayers, workspace.layers) {
        layer.forward(
          x,
          batch: batch,
          tokens: tokens,
          weights: w,
          recurrentTransposed: buffers.recurrentTransposed.pointer,
          gates: buffers.gates.pointer,
          cells: buffers.cells.pointer,
          tanhCells: buffers.tanhCells.pointer,
          previous: training ? buffers.previous.pointer : nil,
          into: buffers.output.pointer
        )
        x = UnsafePointer(buffers.output.pointer)
      }
      head.forward(x, rows: rows, weights: w, into: workspace.logits.pointer)
      guard targets != nil else { return 0 }
      return workspace.targetTokens.withUnsafeBufferPointer { ids in
        SoftmaxCrossEntropy.loss(
          logits: workspace.logits.pointer,
          targets: ids.baseAddress!,
          rows: rows,
          classes: configuration.vocabularySize,
          gradient: training ? workspace.logitGradient.pointer : nil
        )
      }
    }
  }

  /// Computes ∂loss/∂parameter for the last `forward` (which must have had targets and kept
  /// its gradient) into `workspace`'s gradients, backpropagating through every step of the
  /// window.
  public func backward(batch: Int, tokens: Int, workspace: LSTMWorkspace) {
    let rows = batch * tokens
    workspace.gradients.zero()
    parameters.values.withUnsafeBufferPointer { store in
      let w = store.baseAddress!
      let g = workspace.gradients.pointer
      let top = workspace.layers[workspace.layers.count - 1]
      head.backward(
        input: top.output.pointer,
        gradOutput: workspace.logitGradient.pointer,
        rows: rows,
        weights: w,
        gradients: g,
        gradInput: workspace.hiddenGradient.pointer
      )
      for index in recurrentLayers.indices.reversed() {
        let buffers = workspace.layers[index]
        let input =
          index > 0 ? workspace.layers[index - 1].output.pointer : workspace.embedded.pointer
        recurrentLayers[index].backward(
          input: input,
          gradOutput: workspace.hiddenGradient.pointer,
          batch: batch,
          tokens: tokens,
          weights: w,
          gradients: g,
          gates: buffers.gates.pointer,
          cells: buffers.cells.pointer,
          tanhCells: buffers.tanhCells.pointer,
          previous: buffers.previous.pointer,
          dGates: workspace.gateGradient.pointer,
          carryHidden: workspace.carryHidden.pointer,
          carryCell: workspace.carryCell.pointer,
          gradInput: workspace.inputGradient.pointer
        )
        let width = recurrentLayers[index].inputs
        workspace.hiddenGradient.pointer.update(
          from: workspace.inputGradient.pointer,
          count: index > 0 ? rows * width : 0
        )
        if index == 0 {
          workspace.inputTokens.withUnsafeBufferPointer { ids in
            embedding.backward(
              ids.baseAddress!,
              gradOutput: workspace.inputGradient.pointer,
              rows: rows,
              gradients: g
            )
          }
        }
      }
    }
  }
}
