/// The peak memory of running or training a model at a batch size, estimated from its
/// shapes before anything is allocated.
///
/// Each term is what the engine's own `Network` allocates (docs/engine-conventions.md,
/// "Memory guard"):
///
///     weights        = 4 · parameters                  (fp32)
///     gradients      = 4 · parameters                  (a Network keeps one per weight)
///     optimizerState = 4 · slots · trainable           (Adam 2 slots, SGD with momentum 1)
///     activations    = 4 · batch · elements per example
///     saving         = 2 · weights                      (training: the weights copied out
///                                                       and serialised to the cache file)
///
/// For inference the activation elements are the input plus the largest
/// input + output + workspace of any layer (the im2col matrix of a convolution, attention
/// scores, recurrent gates). For training they are the input, every layer's output and
/// what it keeps for backward (im2col matrices, normalised inputs, dropout masks, pooling
/// positions), plus the largest transient of the backward pass. The estimate errs high: a
/// model it lets through fits; one it refuses might have squeezed in.
public struct MemoryEstimate: Sendable, Equatable {
  /// What the memory is for.
  public enum Use: Sendable, Equatable {
    /// Forward passes of `batch` examples (`calc time`, measuring accuracy and latency).
    case inference(batch: Int)
    /// Training steps of `batch` examples with an optimizer keeping `optimizerSlots` values
    /// per trainable weight (Adam 2, SGD with momentum 1, plain SGD 0).
    case training(batch: Int, optimizerSlots: Int)

    /// The examples per step.
    public var batch: Int {
      switch self {
      case .inference(let batch), .training(let batch, _): batch
      }
    }
  }

  /// Bytes of the fp32 weights.
  public var weights: Int64
  /// Bytes of the gradient buffers (one per weight).
  public var gradients: Int64
  /// Bytes of the optimizer's moments.
  public var optimizerState: Int64
  /// Bytes of the activations and workspaces at the batch.
  public var activations: Int64
  /// Bytes of the copies made when trained weights are saved (0 for inference).
  public var saving: Int64

  /// Everything together.
  public var total: Int64 {
    // Each term is below 2^58 (checked when built), so sums of a few totals cannot overflow.
    weights + gradients + optimizerState + activations + saving
  }

  /// The estimate for `model` used as `use`; throws `countOverflow` when a term would not
  /// fit in 64 bits (such a model is refused by any budget).
  public init(model: ModelDescription, use: Use) throws(EngineError) {
    let what = "the memory estimate"
    let limit = Int64(1) << 58
    let parameters = model.totalParameters
    weights = try Int64.checkedProduct(parameters, 4, what)
    gradients = weights
    let batch: Int
    let perExample: Int64
    switch use {
    case .inference(let size):
      batch = size
      optimizerState = 0
      saving = 0
      perExample = try Self.inferenceElements(of: model)
    case .training(let size, let slots):
      batch = size
      optimizerState = try Int64.checkedProduct(
        Int64.checkedProduct(model.trainableParameters, 4, what),
        Int64(max(0, slots)),
        what
      )
      saving = try Int64.checkedProduct(weights, 2, what)
      perExample = try Self.trainingElements(of: model)
    }
    activations = try Int64.checkedProduct(
      Int64.checkedProduct(perExample, Int64(max(1, batch)), what),
      4,
      what
    )
    for term in [weights, gradients, optimizerState, activations, saving] where term >= limit {
      throw .countOverflow(what)
    }
  }

  /// Input elements plus the largest input + output + workspace of any layer, per example.
  static func inferenceElements(of model: ModelDescription) throws(EngineError) -> Int64 {
    let what = "the memory estimate"
    var peak: Int64 = 0
    for record in model.layers {
      let step = try Int64.checkedSum(
        Int64.checkedSum(
          record.inputShape.elementCount(),
          record.outputShape.elementCount(),
          what
        ),
        workspaceElements(of: record),
        what
      )
      peak = max(peak, step)
    }
    return try Int64.checkedSum(model.inputShape.elementCount(), peak, what)
  }

  /// Input, every output, what each layer keeps for backward, and the largest backward
  /// transient (gradient in, gradient out, workspace gradient), per example.
  static func trainingElements(of model: ModelDescription) throws(EngineError) -> Int64 {
    let what = "the memory estimate"
    var kept = try model.inputShape.elementCount()
    var transient: Int64 = 0
    for record in model.layers {
      let input = try record.inputShape.elementCount()
      let output = try record.outputShape.elementCount()
      let workspace = try workspaceElements(of: record)
      let extra: Int64
      switch record.layer {
      case is BatchNormalization, is LayerNormalization, is Dropout, is Pool2D, is GlobalPool2D:
        extra = input
      default:
        extra = 0
      }
      kept = try Int64.checkedSum(
        kept,
        Int64.checkedSum(Int64.checkedSum(output, workspace, what), extra, what),
        what
      )
      let backward = try Int64.checkedSum(Int64.checkedSum(input, output, what), workspace, what)
      transient = max(transient, backward)
    }
    return try Int64.checkedSum(kept, transient, what)
  }

  /// Elements a layer needs beside its input and output, per example: the im2col matrix of
  /// a convolution, the attention scores and projections, the recurrent gates (each layer's
  /// `LayerDescription.workspaceElements(for:output:)`).
  static func workspaceElements(of record: ModelLayer) throws(EngineError) -> Int64 {
    try record.layer.workspaceElements(for: record.inputShape, output: record.outputShape)
  }
}
