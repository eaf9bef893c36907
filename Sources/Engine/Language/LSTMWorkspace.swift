/// The activations an `LSTMLanguageModel` keeps between its forward and backward passes, and
/// its gradients, for batches of up to `batch` sequences of up to `tokens` tokens.
///
/// Backpropagation through time needs every step's gates and cell of every layer: 7·H + 4H
/// floats a row per layer. Allocated once per training run and reused by every step.
///
/// `@unchecked Sendable` holds by ownership: one training run owns its workspace and uses it
/// from the thread that runs the run; the parallel kernels it is passed to write disjoint
/// blocks of its buffers and return before the run reads them.
public final class LSTMWorkspace: @unchecked Sendable {
  /// Sequences the buffers hold.
  public let batch: Int
  /// Tokens per sequence the buffers hold.
  public let tokens: Int

  /// One layer's activations.
  final class LayerBuffers {
    let gates, cells, tanhCells, previous, output, recurrentTransposed: FloatBuffer

    init(rows: Int, hidden: Int, training: Bool) {
      gates = FloatBuffer(count: rows * 4 * hidden)
      cells = FloatBuffer(count: rows * hidden)
      tanhCells = FloatBuffer(count: rows * hidden)
      previous = FloatBuffer(count: training ? rows * hidden : 0)
      output = FloatBuffer(count: rows * hidden)
      recurrentTransposed = FloatBuffer(count: 4 * hidden * hidden)
    }

    var all: [FloatBuffer] { [gates, cells, tanhCells, previous, output, recurrentTransposed] }
  }

  let layers: [LayerBuffers]
  let embedded, logits, logitGradient: FloatBuffer
  let hiddenGradient, inputGradient, gateGradient, carryHidden, carryCell: FloatBuffer
  /// ∂loss/∂parameter after `backward`, in the store's layout.
  let gradients: FloatBuffer
  var inputTokens: [Int32]
  var targetTokens: [Int32]

  /// Buffers for `model` at up to `batch` × `tokens`; without `training` the gradient
  /// buffers are left out (forward without `keepGradient` only).
  public init(for model: LSTMLanguageModel, batch: Int, tokens: Int, training: Bool = true) {
    let c = model.configuration
    let rows = batch * tokens
    let gradientRows = training ? rows : 0
    self.batch = batch
    self.tokens = tokens
    layers = (0..<c.layers).map { _ in
      LayerBuffers(rows: rows, hidden: c.hiddenWidth, training: training)
    }
    embedded = FloatBuffer(count: rows * c.embeddingWidth)
    logits = FloatBuffer(count: rows * c.vocabularySize)
    logitGradient = FloatBuffer(count: gradientRows * c.vocabularySize)
    hiddenGradient = FloatBuffer(count: gradientRows * c.hiddenWidth)
    inputGradient = FloatBuffer(count: gradientRows * max(c.hiddenWidth, c.embeddingWidth))
    gateGradient = FloatBuffer(count: gradientRows * 4 * c.hiddenWidth)
    carryHidden = FloatBuffer(count: training ? batch * c.hiddenWidth : 0)
    carryCell = FloatBuffer(count: training ? batch * c.hiddenWidth : 0)
    gradients = FloatBuffer(count: training ? model.parameterCount : 0)
    inputTokens = [Int32](repeating: 0, count: rows)
    targetTokens = [Int32](repeating: 0, count: rows)
  }

  /// Bytes a training workspace for `configuration` at `batch` × `tokens` would hold
  /// (checked against the memory budget before it is allocated).
  public static func trainingBytes(_ c: LSTMConfiguration, batch: Int, tokens: Int) -> Int64 {
    let rows = Int64(batch) * Int64(tokens)
    let h = Int64(c.hiddenWidth)
    let perLayer = rows * 8 * h + 4 * h * h
    let shared =
      rows
      * (Int64(c.embeddingWidth) + 2 * Int64(c.vocabularySize) + h
        + Int64(max(c.hiddenWidth, c.embeddingWidth)) + 4 * h) + 2 * Int64(batch) * h
      + Int64(c.parameterCount)
    return 4 * (Int64(c.layers) * perLayer + shared)
  }

  /// Bytes held by the activation and gradient buffers.
  public var bytes: Int {
    let shared = [
      embedded, logits, logitGradient, hiddenGradient, inputGradient, gateGradient, carryHidden,
      carryCell, gradients,
    ]
    return (layers.flatMap(\.all) + shared).reduce(0) { $0 + $1.bytes }
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

extension LSTMWorkspace: LanguageModelWorkspace {
  public var gradientBuffer: UnsafeMutableBufferPointer<Float> {
    UnsafeMutableBufferPointer(start: gradients.pointer, count: gradients.count)
  }
}
