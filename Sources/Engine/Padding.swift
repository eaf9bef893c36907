/// How a convolution or pooling window treats the border (Keras `padding`).
public enum Padding: String, Sendable, CaseIterable {
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
    switch self {
    case .valid:
      if window > length {
        throw .windowLargerThanInput(window: what, size: window, height: height, width: width)
      }
      return (length - window) / stride + 1
    case .same:
      return length / stride + (length % stride == 0 ? 0 : 1)
    }
  }
}
