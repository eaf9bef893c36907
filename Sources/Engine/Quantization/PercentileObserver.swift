/// Calibrates an activation range by clipping outliers at a percentile of a histogram.
///
/// Keeps a histogram of `|x|` (symmetric) or of `x` over a range fixed by the first batch and
/// widened by re-binning, like ONNX Runtime's `Percentile` calibrator: the range is
/// `[−t, t]` (or `[low, t]`) where `t` is the `percentile`-th percentile. Clipping rare large
/// activations gives a smaller scale, so the common values get finer steps.
public struct PercentileObserver: Sendable, Hashable {
  /// Number of histogram bins.
  public let binCount: Int
  /// The percentile to keep, in `(0, 100]`, such as 99.99.
  public let percentile: Double
  /// Histogram counts over `[lowerEdge, upperEdge]`.
  public private(set) var counts: [Int]
  /// Left edge of bin 0.
  public private(set) var lowerEdge: Float = 0
  /// Right edge of the last bin.
  public private(set) var upperEdge: Float = 0
  /// Smallest value seen.
  public private(set) var minimum: Float = .infinity
  /// Largest value seen.
  public private(set) var maximum: Float = -.infinity

  /// A percentile observer; `binCount ≥ 16` and `percentile ∈ (0, 100]`.
  public init(percentile: Double = 99.999, binCount: Int = 2048) throws {
    guard percentile > 0, percentile <= 100 else {
      throw CompressionError.invalidParameter(
        name: "percentile",
        value: "\(percentile)",
        expected: "in (0, 100]"
      )
    }
    guard binCount >= 16, binCount % 2 == 0 else {
      throw CompressionError.invalidParameter(
        name: "binCount",
        value: "\(binCount)",
        expected: "an even number, at least 16"
      )
    }
    self.percentile = percentile
    self.binCount = binCount
    self.counts = [Int](repeating: 0, count: binCount)
  }

  /// Adds one batch to the histogram, doubling the range (merging bin pairs) when needed.
  public mutating func observe(_ batch: [Float]) {
    let finite = batch.filter { $0.isFinite }
    guard let low = finite.min(), let high = finite.max() else { return }
    minimum = min(minimum, low)
    maximum = max(maximum, high)
    if upperEdge == lowerEdge {
      lowerEdge = min(low, 0)
      upperEdge = max(high, 0)
      if upperEdge == lowerEdge { upperEdge = lowerEdge + 1 }
    }
    while low < lowerEdge || high > upperEdge { widen(towardLow: low < lowerEdge) }
    let width = (upperEdge - lowerEdge) / Float(binCount)
    for value in finite {
      let bin = Int((value - lowerEdge) / width)
      counts[min(max(bin, 0), binCount - 1)] += 1
    }
  }

  /// The clipped range `[low, high]`: the `(100 − p)/2` and `(100 + p)/2` percentiles, widened
  /// to include 0.
  public var range: (minimum: Float, maximum: Float) {
    let total = counts.reduce(0, +)
    guard total > 0 else { return (0, 0) }
    let tail = Double(total) * (100 - percentile) / 200
    let width = (upperEdge - lowerEdge) / Float(binCount)
    var seen = 0.0
    var lowIndex = 0
    for (index, count) in counts.enumerated() {
      seen += Double(count)
      if seen > tail {
        lowIndex = index
        break
      }
    }
    seen = 0
    var highIndex = binCount - 1
    for index in stride(from: binCount - 1, through: 0, by: -1) {
      seen += Double(counts[index])
      if seen > tail {
        highIndex = index
        break
      }
    }
    let low = max(lowerEdge + Float(lowIndex) * width, minimum)
    let high = min(lowerEdge + Float(highIndex + 1) * width, maximum)
    return (min(low, 0), max(high, 0))
  }

  /// Per-tensor parameters for the clipped range.
  public func parameters(scheme: QuantizationScheme) -> QuantizationParameters {
    let (low, high) = range
    return QuantizationParameters(scheme: scheme, minimum: low, maximum: high)
  }

  private mutating func widen(towardLow: Bool) {
    let width = upperEdge - lowerEdge
    var merged = [Int](repeating: 0, count: binCount)
    if towardLow {
      for index in 0..<binCount { merged[binCount / 2 + index / 2] += counts[index] }
      lowerEdge -= width
    } else {
      for index in 0..<binCount { merged[index / 2] += counts[index] }
      upperEdge += width
    }
    counts = merged
  }
}
