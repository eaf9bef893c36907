/// Tracks the running minimum and maximum of activations over calibration batches.
///
/// After the batches, `parameters(scheme:)` gives per-tensor parameters for
/// `[min(0, min), max(0, max)]` (ONNX Runtime `MinMax` calibration, PyTorch `MinMaxObserver`).
/// With `averagingConstant` set, it keeps an exponential moving average instead
/// (PyTorch `MovingAverageMinMaxObserver`): `m ← m + c·(batchMin − m)`.
public struct MinMaxObserver: Sendable, Hashable {
  /// Smallest value seen (or the moving average of batch minima); `+∞` before any batch.
  public private(set) var minimum: Float = .infinity
  /// Largest value seen (or the moving average of batch maxima); `−∞` before any batch.
  public private(set) var maximum: Float = -.infinity
  /// Number of batches observed.
  public private(set) var batchCount = 0
  /// The moving-average constant in `(0, 1]`, or nil for the plain running min/max.
  public let averagingConstant: Float?

  /// A running min/max observer, or a moving-average one when `averagingConstant` is given.
  public init(averagingConstant: Float? = nil) {
    self.averagingConstant = averagingConstant
  }

  /// Updates the statistics with one batch (NaN values are ignored).
  public mutating func observe(_ batch: [Float]) {
    var low = Float.infinity
    var high = -Float.infinity
    for value in batch where value == value {
      low = min(low, value)
      high = max(high, value)
    }
    guard low <= high else { return }
    if let constant = averagingConstant, batchCount > 0 {
      minimum += constant * (low - minimum)
      maximum += constant * (high - maximum)
    } else {
      minimum = min(minimum, low)
      maximum = max(maximum, high)
    }
    batchCount += 1
  }

  /// Per-tensor parameters for the observed range (0 and 0 if nothing was observed).
  public func parameters(scheme: QuantizationScheme) -> QuantizationParameters {
    guard batchCount > 0 else {
      return QuantizationParameters(scheme: scheme, minimum: 0, maximum: 0)
    }
    return QuantizationParameters(scheme: scheme, minimum: minimum, maximum: maximum)
  }
}
