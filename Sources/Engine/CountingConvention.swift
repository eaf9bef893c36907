/// Whose parameter count to report: Keras's or PyTorch's, which disagree on "the same" model.
///
/// Keras counts batch-norm moving mean and variance as non-trainable parameters; PyTorch
/// keeps them as buffers, outside `parameters()`. PyTorch's `LSTM` and `RNN` have two bias
/// vectors (input and recurrent) where Keras has one; `GRU` agrees with Keras 3's default
/// `reset_after=True` (two biases in both). Everything else counts the same.
public enum CountingConvention: String, Sendable, CaseIterable {
  /// `model.count_params()` in Keras 3.
  case keras
  /// `sum(p.numel() for p in model.parameters())` in PyTorch.
  case torch

  /// The parameters of `record` under this convention.
  ///
  /// torch: the trainable ones (Keras' non-trainable values, the batch-norm statistics, are
  /// buffers) plus what the layer says PyTorch adds (`torchExtraParameters`: lstm 4·units,
  /// simplernn units for the second bias; inside a residual block, its layers' sum).
  public func parameters(of record: ModelLayer) -> Int64 {
    guard self == .torch else { return record.parameters }
    return record.trainableParameters &+ record.layer.torchExtraParameters(for: record.inputShape)
  }

  /// The parameters of `layer` reading `input` under this convention, from its weight shapes
  /// alone (no overflow check: for a layer of a model that was already built or validated).
  public func parameters(of layer: any LayerDescription, reading input: Shape) -> Int64 {
    var total: Int64 = 0
    for weight in layer.weights(for: input) where self == .keras || weight.isTrainable {
      total += weight.shape.dimensions.reduce(1) { $0 * Int64($1) }
    }
    return self == .torch ? total + layer.torchExtraParameters(for: input) : total
  }

  /// Values that are not parameters under this convention (torch: batch-norm statistics).
  public func buffers(of record: ModelLayer) -> Int64 {
    self == .torch ? record.nonTrainableParameters : 0
  }
}
