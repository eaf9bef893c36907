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
  /// torch: batchnorm = 2·C (γ, β; the statistics are buffers); lstm = Keras + 4·units
  /// (second bias); simplernn = Keras + units.
  public func parameters(of record: ModelLayer) -> Int64 {
    guard self == .torch else { return record.parameters }
    switch record.layer {
    case is BatchNormalization:
      return record.trainableParameters
    case let lstm as LSTM:
      return record.parameters &+ 4 &* Int64(lstm.units)
    case let rnn as SimpleRNN:
      return record.parameters &+ Int64(rnn.units)
    default:
      return record.parameters
    }
  }

  /// Values that are not parameters under this convention (torch: batch-norm statistics).
  public func buffers(of record: ModelLayer) -> Int64 {
    self == .torch && record.layer is BatchNormalization ? record.nonTrainableParameters : 0
  }
}
