/// What every layer can say about itself from shapes alone, without allocating weights.
///
/// A layer value describes a layer (its hyper-parameters); weights live elsewhere
/// (`WeightTensor`), so a later forward/backward kernel can take the same value plus storage.
/// Methods other than `outputShape(for:)` may assume that `outputShape(for:)` succeeded
/// for the same input.
public protocol LayerDescription: Sendable {
  /// The spec-language name of the layer, e.g. `conv2d`; also the `type` in summaries.
  var kind: String { get }
  /// Whether the layer only exists as a size description (no weights can be built here).
  var isAnalyticOnly: Bool { get }
  /// Whether the layer's input must be token ids (whole numbers indexing a table), so that
  /// it can only come right after `input(...)`.
  var readsTokenIds: Bool { get }
  /// The output shape for one example, or an error for an impossible input.
  func outputShape(for input: Shape) throws(EngineError) -> Shape
  /// The weight tensors in Keras order (kernel, bias, gamma, beta, …) with their shapes.
  func weights(for input: Shape) -> [WeightDescription]
  /// Multiply-accumulates of the weight products for one example (see `docs/engine-conventions.md`).
  func macs(for input: Shape) throws(EngineError) -> Int64
  /// Elements this layer keeps for the backward pass (its output, plus internal tensors for blocks).
  func activationElements(for input: Shape) throws(EngineError) -> Int64
  /// The parameter formula with the numbers filled in, e.g. `32 × (3·3·1) + 32 = 320`.
  func formula(for input: Shape) -> String
  /// Elements the layer needs per example beside its input and output while it runs (the
  /// im2col matrix of a convolution, attention scores, recurrent gates); 0 by default.
  func workspaceElements(for input: Shape, output: Shape) throws(EngineError) -> Int64
  /// Parameters PyTorch's equivalent layer has beyond Keras' (`nn.LSTM` and `nn.RNN` keep a
  /// second bias vector); 0 by default. See `CountingConvention`.
  func torchExtraParameters(for input: Shape) -> Int64
}

extension LayerDescription {
  public var isAnalyticOnly: Bool { false }

  public var readsTokenIds: Bool { false }

  public func activationElements(for input: Shape) throws(EngineError) -> Int64 {
    try outputShape(for: input).elementCount()
  }

  public func workspaceElements(for input: Shape, output: Shape) throws(EngineError) -> Int64 {
    0
  }

  public func torchExtraParameters(for input: Shape) -> Int64 { 0 }

  public func formula(for input: Shape) -> String {
    let output = (try? outputShape(for: input))?.description ?? "?"
    return "no parameters (\(input) → \(output))"
  }

  /// The MACs of a dense product: `positions × inputs × outputs`, overflow-checked.
  func productMACs(_ factors: Int...) throws(EngineError) -> Int64 {
    try Int64.checkedProduct(factors, "the MACs of \(kind)")
  }
}

/// Checks that `value` is at least `minimum`, naming the argument in the error.
func requireAtLeast(
  _ minimum: Int,
  _ value: Int,
  _ what: String
) throws(EngineError) {
  if value < minimum {
    throw .invalidArgument("\(what) must be at least \(minimum), got \(value)")
  }
}

/// The `(height, width, channels)` of an image input, or a rank error naming `layer`.
func imageDimensions(
  _ input: Shape,
  layer: String
) throws(EngineError) -> (height: Int, width: Int, channels: Int) {
  guard input.rank == 3 else {
    throw .wrongInputRank(
      layer: layer,
      expected: "an image input (height x width x channels)",
      input: input
    )
  }
  return (input.dimensions[0], input.dimensions[1], input.dimensions[2])
}

/// The `(steps, features)` of a sequence input, or a rank error naming `layer`.
func sequenceDimensions(
  _ input: Shape,
  layer: String
) throws(EngineError) -> (steps: Int, features: Int) {
  guard input.rank == 2 else {
    throw .wrongInputRank(
      layer: layer,
      expected: "a sequence input (steps x features)",
      input: input
    )
  }
  return (input.dimensions[0], input.dimensions[1])
}
