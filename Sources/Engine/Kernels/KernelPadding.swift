/// How a convolution or pooling window treats the border, as Keras' `padding=`.
///
/// - `valid`: no padding; `out = ⌊(in − k) / s⌋ + 1`.
/// - `same`: zero padding so that `out = ⌈in / s⌉`; the total padding
///   `max((out − 1)·s + k − in, 0)` is split with the odd pixel at the end (TensorFlow's rule).
public enum KernelPadding: String, Sendable, Equatable, CaseIterable {
  case valid
  case same

  /// The output length and the padding before the first element for one spatial axis.
  @inlinable
  public func outputLength(input: Int, kernel: Int, stride: Int) -> (length: Int, padBefore: Int) {
    switch self {
    case .valid:
      return (input >= kernel ? (input - kernel) / stride + 1 : 0, 0)
    case .same:
      let length = (input + stride - 1) / stride
      let total = max((length - 1) * stride + kernel - input, 0)
      return (length, total / 2)
    }
  }
}
