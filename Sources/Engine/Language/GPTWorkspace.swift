/// The activations a `GPTModel` keeps between its forward and backward passes, and its
/// gradients, for batches of up to `batch` sequences of up to `tokens` tokens.
///
/// Allocated once per training run (about 28 MB for tiny-gpt at batch 12) and reused by
/// every step.
///
/// `@unchecked Sendable` holds by ownership: one training run owns its workspace and uses it
/// from the thread that runs the run; the parallel kernels it is passed to write disjoint
/// blocks of its buffers and return before the run reads them.
public final class GPTWorkspace: @unchecked Sendable {
  /// Sequences the buffers hold.
  public let batch: Int
  /// Tokens per sequence the buffers hold.
  public let tokens: Int

  final class BlockBuffers {
    let attentionNormed, attentionXHat, attentionInverseStd: FloatBuffer
    let qkv, probabilities, context: FloatBuffer
    let mlpNormed, mlpXHat, mlpInverseStd: FloatBuffer
    let geluDerivative, activated: FloatBuffer

    init(rows: Int, configuration c: GPTConfiguration, batch: Int, tokens: Int) {
      attentionNormed = FloatBuffer(count: rows * c.width)
      attentionXHat = FloatBuffer(count: rows * c.width)
      attentionInverseStd = FloatBuffer(count: rows)
      qkv = FloatBuffer(count: rows * 3 * c.width)
      probabilities = FloatBuffer(count: batch * c.heads * tokens * tokens)
      context = FloatBuffer(count: rows * c.width)
      mlpNormed = FloatBuffer(count: rows * c.width)
      mlpXHat = FloatBuffer(count: rows * c.width)
      mlpInverseStd = FloatBuffer(count: rows)
      geluDerivative = FloatBuffer(count: rows * c.hiddenWidth)
      activated = FloatBuffer(count: rows * c.hiddenWidth)
    }

    var all: [FloatBuffer] {
      [
        attentionNormed, attentionXHat, attentionInverseStd, qkv, probabilities, context,
        mlpNormed, mlpXHat, mlpInverseStd, geluDerivative, activated,
      ]
    }
  }

  let blocks: [BlockBuffers]
  let residual, finalNormed, finalXHat, finalInverseStd, logits, logitGradient: FloatBuffer
  let residualGradient, normGradient, scratch, contextGradient, qkvGradient,
    hiddenGradient: FloatBuffer
  /// ∂loss/∂parameter after `backward`, in the store's layout.
  let gradients: FloatBuffer
  var inputTokens: [Int32]
  var targetTokens: [Int32]

  /// Buffers for `model` at up to `batch` × `tokens`; without `training` the gradient
  /// buffers are left out and the blocks share one set of activation buffers (inference
  /// only: `forward` without `keepGradient`, no `backward`).
  public init(for model: GPTModel, batch: Int, tokens: Int, training: Bool = true) {
    let c = model.configuration
    let rows = batch * tokens
    let gradientRows = training ? rows : 0
    self.batch = batch
    self.tokens = tokens
    if training {
      blocks = (0..<c.layers).map { _ in
        BlockBuffers(rows: rows, configuration: c, batch: batch, tokens: tokens)
      }
    } else {
      // Inference keeps no activation for a backward pass, so every block reuses one set.
      let shared = BlockBuffers(rows: rows, configuration: c, batch: batch, tokens: tokens)
      blocks = Array(repeating: shared, count: c.layers)
    }
    residual = FloatBuffer(count: rows * c.width)
    finalNormed = FloatBuffer(count: rows * c.width)
    finalXHat = FloatBuffer(count: rows * c.width)
    finalInverseStd = FloatBuffer(count: rows)
    logits = FloatBuffer(count: rows * c.vocabularySize)
    logitGradient = FloatBuffer(count: gradientRows * c.vocabularySize)
    residualGradient = FloatBuffer(count: gradientRows * c.width)
    normGradient = FloatBuffer(count: gradientRows * c.width)
    scratch = FloatBuffer(count: rows * c.width)
    contextGradient = FloatBuffer(count: gradientRows * c.width)
    qkvGradient = FloatBuffer(count: gradientRows * 3 * c.width)
    hiddenGradient = FloatBuffer(count: gradientRows * c.hiddenWidth)
    gradients = FloatBuffer(count: training ? model.parameterCount : 0)
    inputTokens = [Int32](repeating: 0, count: rows)
    targetTokens = [Int32](repeating: 0, count: rows)
  }

  /// Bytes a training workspace for `configuration` at `batch` × `tokens` would hold
  /// (checked against the memory budget before it is allocated).
  public static func trainingBytes(
    _ c: GPTConfiguration,
    parameters: Int,
    batch: Int,
    tokens: Int
  ) -> Int64 {
    let rows = Int64(batch) * Int64(tokens)
    let d = Int64(c.width)
    let h = Int64(c.hiddenWidth)
    let perBlock =
      rows * (8 * d + 2 * h + 2) + Int64(batch) * Int64(c.heads) * Int64(tokens) * Int64(tokens)
    let shared = rows * (10 * d + h + 1 + 2 * Int64(c.vocabularySize)) + Int64(parameters)
    return 4 * (Int64(c.layers) * perBlock + shared)
  }

  /// Bytes held by the activation and gradient buffers.
  public var bytes: Int {
    let shared = [
      residual, finalNormed, finalXHat, finalInverseStd, logits, logitGradient, residualGradient,
      normGradient, scratch, contextGradient, qkvGradient, hiddenGradient, gradients,
    ]
    var distinct: [BlockBuffers] = []
    for block in blocks where !distinct.contains(where: { $0 === block }) { distinct.append(block) }
    return (distinct.flatMap(\.all) + shared).reduce(0) { $0 + $1.bytes }
  }

  /// The gradient of every parameter after the last `backward`, in the store's layout.
  public var gradientValues: [Float] {
    Array(UnsafeBufferPointer(start: gradients.pointer, count: gradients.count))
  }

  /// The logits of the last `forward`, `[rows, vocabulary]`.
  public func logitValues(rows: Int, vocabulary: Int) -> [Float] {
    Array(UnsafeBufferPointer(start: logits.pointer, count: rows * vocabulary))
  }
}
