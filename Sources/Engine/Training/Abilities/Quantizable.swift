/// A layer whose kernel runs in integers after int8 quantization: a dense product
/// (kernel `[inputs, outputs]`) or a 2-D convolution, plus an optional bias, then its
/// activation (ReLU fused into the integer output).
///
/// The quantizer in `Sources/Lab` runs every conforming layer in integers and every other
/// layer in float (weight-only), except `IntegerCodePassing` layers, which keep the codes.
public protocol Quantizable: TrainableLayer {
  /// Whether the layer adds a bias vector (its second weight).
  var useBias: Bool { get }
  /// The convolution window, or `nil` for a dense product over the last axis.
  var convolutionWindow: ConvolutionWindow? { get }
}

/// The window of a 2-D convolution: kernel, strides and border handling.
public struct ConvolutionWindow: Sendable, Equatable {
  /// Kernel height and width.
  public var kernel: Window2D
  /// Step down and across.
  public var strides: Window2D
  /// Border handling.
  public var padding: Padding

  /// Creates a window.
  public init(kernel: Window2D, strides: Window2D, padding: Padding) {
    self.kernel = kernel
    self.strides = strides
    self.padding = padding
  }

  /// The geometry of this window over one `[height, width, channels]` example.
  public func geometry(inputShape: [Int]) -> Convolution.Geometry {
    Convolution.Geometry(
      batch: 1,
      height: inputShape[0],
      width: inputShape[1],
      channels: inputShape[2],
      kernel: (kernel.height, kernel.width),
      stride: (strides.height, strides.width),
      padding: padding
    )
  }
}

/// A layer that int8 codes pass through without leaving integers: reshapes, dropout at
/// inference, and ReLU (which clamps the codes at the zero point).
public protocol IntegerCodePassing: TrainableLayer {
  /// Whether codes pass in this configuration (an activation other than ReLU or linear
  /// needs real values).
  var passesCodes: Bool { get }
  /// The codes after the layer, for codes whose real zero is `zeroPoint`.
  func passCodes(_ codes: [Int32], zeroPoint: Int32) -> [Int32]
}

extension IntegerCodePassing {
  public var passesCodes: Bool { true }

  public func passCodes(_ codes: [Int32], zeroPoint: Int32) -> [Int32] { codes }
}
