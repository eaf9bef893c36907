/// A sequential model described by shapes alone, with every figure derived from them.
///
/// Holds the input, the layers and their parameters, MACs, bytes and memory estimates.
/// No weights are allocated.
///
/// Build it with `init(inputShape:)` and `append(_:)`; every sum is overflow-checked when a
/// layer is appended, so reading the figures afterwards cannot fail.
public struct ModelDescription: Sendable {
  /// The spec text the model came from, as written.
  public var spec: String
  /// The preset name when the model is a preset, else `nil`.
  public var presetName: String?
  /// Shape of one input example.
  public let inputShape: Shape
  /// The layers after `input`, in order.
  public private(set) var layers: [ModelLayer] = []

  /// Parameters that training updates.
  public private(set) var trainableParameters: Int64 = 0
  /// Parameters that training does not update.
  public private(set) var nonTrainableParameters: Int64 = 0
  /// Multiply-accumulates of one forward pass of one example.
  public private(set) var macs: Int64 = 0
  /// Weight payload at each precision.
  public private(set) var bytes = ModelSummary.Bytes(fp32: 0, fp16: 0, int8: 0, int4: 0)
  /// Estimated peak memory for batch-1 inference and an Adam step at batch 32.
  public private(set) var memory = ModelSummary.Memory(inferenceBytes: 0, trainingBytes: 0)

  /// Input elements plus the elements every layer keeps for backward, per example.
  private var storedActivations: Int64 = 0
  /// The largest (input + output) element count of any layer, per example.
  private var peakActivationPair: Int64 = 0

  /// Batch size assumed by the training-memory estimate.
  public static let trainingBatchSize: Int64 = 32

  /// Starts a model with the given input shape (every axis at least 1).
  public init(inputShape: Shape, spec: String = "", presetName: String? = nil) throws(EngineError) {
    guard inputShape.rank >= 1 else {
      throw .invalidArgument("input needs at least one size, e.g. input(784)")
    }
    for dimension in inputShape.dimensions where dimension < 1 {
      throw .invalidArgument("input sizes must be at least 1, got \(inputShape)")
    }
    self.inputShape = inputShape
    self.spec = spec
    self.presetName = presetName
    self.storedActivations = try inputShape.elementCount()
    self.peakActivationPair = storedActivations
    try updateMemory()
  }

  /// The shape leaving the last layer (the input shape when there are no layers).
  public var outputShape: Shape { layers.last?.outputShape ?? inputShape }

  /// All parameters.
  public var totalParameters: Int64 { trainableParameters + nonTrainableParameters }

  /// Whether any layer is analytic-only (the model cannot be built, trained or timed here).
  public var isAnalyticOnly: Bool { layers.contains { $0.layer.isAnalyticOnly } }

  /// Appends a layer, computing its shapes and figures; throws if it does not fit.
  ///
  /// Every figure is computed before the model changes, so a throw leaves it as it was;
  /// the layer list grows in place (appending 20,000 layers is linear, not quadratic).
  public mutating func append(_ layer: any LayerDescription) throws(EngineError) {
    if layer.readsTokenIds, let previous = layers.last {
      throw .invalidArgument(
        "\(layer.kind) reads token ids (whole numbers), so it must come right after input(...); here it follows \(previous.layer.kind), whose output (shape \(previous.outputShape)) is not token ids"
      )
    }
    let record = try ModelLayer(index: layers.count + 1, layer: layer, inputShape: outputShape)
    let what = "the model"
    let trainable = try Int64.checkedSum(trainableParameters, record.trainableParameters, what)
    let nonTrainable = try Int64.checkedSum(
      nonTrainableParameters,
      record.nonTrainableParameters,
      what
    )
    _ = try Int64.checkedSum(trainable, nonTrainable, what)
    let newMACs = try Int64.checkedSum(macs, record.macs, "the MACs of the model")
    let stored = try Int64.checkedSum(
      storedActivations,
      record.activationElements,
      "the activations of the model"
    )
    let pair = try Int64.checkedSum(
      record.inputShape.elementCount(),
      record.outputShape.elementCount(),
      "the activations of the model"
    )
    let peak = max(peakActivationPair, pair)
    let figures = try Self.figures(
      trainable: trainable,
      nonTrainable: nonTrainable,
      storedActivations: stored,
      peakActivationPair: peak
    )
    layers.append(record)
    trainableParameters = trainable
    nonTrainableParameters = nonTrainable
    macs = newMACs
    storedActivations = stored
    peakActivationPair = peak
    (bytes, memory) = figures
  }

  /// Recomputes `bytes` and `memory` (see docs/engine-conventions.md for the formulas).
  private mutating func updateMemory() throws(EngineError) {
    (bytes, memory) = try Self.figures(
      trainable: trainableParameters,
      nonTrainable: nonTrainableParameters,
      storedActivations: storedActivations,
      peakActivationPair: peakActivationPair
    )
  }

  /// The byte and memory figures of a model with these counts.
  private static func figures(
    trainable trainableParameters: Int64,
    nonTrainable nonTrainableParameters: Int64,
    storedActivations: Int64,
    peakActivationPair: Int64
  ) throws(EngineError) -> (ModelSummary.Bytes, ModelSummary.Memory) {
    let what = "the memory estimate"
    let total = try Int64.checkedSum(trainableParameters, nonTrainableParameters, what)
    let bytes = ModelSummary.Bytes(
      fp32: try Int64.checkedProduct(total, 4, what),
      fp16: try Int64.checkedProduct(total, 2, what),
      int8: total,
      int4: total / 2 + total % 2
    )
    let inference = try Int64.checkedSum(
      bytes.fp32,
      Int64.checkedProduct(peakActivationPair, 4, what),
      what
    )
    // weights + gradients + Adam's two moments for trainable values; non-trainable once.
    let state = try Int64.checkedProduct(
      Int64.checkedSum(
        Int64.checkedProduct(trainableParameters, 4, what),
        nonTrainableParameters,
        what
      ),
      4,
      what
    )
    let activations = try Int64.checkedProduct(
      Int64.checkedProduct(storedActivations, Self.trainingBatchSize, what),
      4,
      what
    )
    let memory = ModelSummary.Memory(
      inferenceBytes: inference,
      trainingBytes: try Int64.checkedSum(state, activations, what)
    )
    return (bytes, memory)
  }

  /// Throws `EngineError.analyticOnly` when the model cannot be built for `action`.
  ///
  /// `action` completes "too big to …": "train", "time", "export with weights".
  public func requireBuildable(for action: String) throws(EngineError) {
    if isAnalyticOnly {
      if GPTConfiguration(model: self) != nil {
        throw .languageModelOnly(model: presetName ?? "this model", action: action)
      }
      throw .analyticOnly(model: presetName ?? "this model", action: action)
    }
  }

  /// Parameters one token passes through (see `SparselyActivated`); all of them for dense models.
  public var activeParameters: Int64 {
    layers.reduce(Int64(0)) { total, record in
      if let sparse = record.layer as? any SparselyActivated {
        return total &+ sparse.activeParameters(for: record.inputShape)
      }
      return total &+ record.parameters
    }
  }

  /// The summary in the shape of `calc summary --json`.
  public func summary() -> ModelSummary {
    ModelSummary(
      spec: spec,
      totalParams: totalParameters,
      trainableParams: trainableParameters,
      nonTrainableParams: nonTrainableParameters,
      activeParams: activeParameters,
      layers: layers.map { record in
        ModelSummary.Layer(
          type: record.layer.kind,
          outputShape: record.outputShape.dimensions,
          params: record.parameters,
          trainable: record.trainableParameters,
          nonTrainable: record.nonTrainableParameters,
          macs: record.macs,
          name: record.name
        )
      },
      macs: macs,
      bytes: bytes,
      memory: memory
    )
  }

  /// One line per layer: its parameter formula with the numbers filled in.
  ///
  /// For instance `conv2d: 32 × (3·3·1) + 32 = 320`.
  public func explainLines() -> [String] {
    layers.map { record in "\(record.layer.kind): \(record.layer.formula(for: record.inputShape))" }
  }
}
