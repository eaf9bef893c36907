/// How a convolution or pooling window treats the border (Keras `padding`).
///
/// - `valid`: no padding; `out = ⌊(in − k) / s⌋ + 1`.
/// - `same`: zero padding so that `out = ⌈in / s⌉`; the total padding
///   `max((out − 1)·s + k − in, 0)` is split with the odd pixel at the end (TensorFlow's rule).
///
/// The one padding of the engine: layer descriptions, the training kernels and the integer
/// convolution all use it.
public enum Padding: String, Sendable, Hashable, CaseIterable {
  /// No padding: output = floor((n - k) / s) + 1; the window must fit in the input.
  case valid
  /// Zero padding so that output = ceil(n / s).
  case same

  /// The output length along one axis for window `window` and stride `stride`.
  func outputLength(
    _ length: Int,
    window: Int,
    stride: Int,
    what: String,
    height: Int,
    width: Int
  ) throws(EngineError) -> Int {
    if self == .valid, window > length {
      throw .windowLargerThanInput(window: what, size: window, height: height, width: width)
    }
    return outputLength(input: length, kernel: window, stride: stride).length
  }

  /// The output length and the padding before the first element for one spatial axis
  /// (a `valid` window larger than the input gives length 0).
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
