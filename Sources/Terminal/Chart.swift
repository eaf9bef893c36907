import Foundation

/// One point of a chart, with the label a reader sees beside it in the SVG.
public struct ChartPoint: Sendable, Equatable {
  public var x: Double
  public var y: Double
  public var label: String

  public init(x: Double, y: Double, label: String = "") {
    self.x = x
    self.y = y
    self.label = label
  }
}

/// A line chart of measured points: a title, two labelled axes, points joined in x order.
///
/// The data and the axes (ranges, ticks, tick labels) live here; `ChartRenderer` draws it in
/// the terminal and `SVGChart` as a file, so both show the same ticks.
public struct Chart: Sendable, Equatable {
  public var title: String
  public var xLabel: String
  public var yLabel: String
  public var points: [ChartPoint]
  /// Whether the x axis is logarithmic (sizes that double at each step).
  public var logX: Bool
  /// The values y can possibly take (latency ≥ 0, accuracy in [0, 1]).
  ///
  /// The y axis never extends past them, padding included. Nil: no bound.
  public var yBounds: ClosedRange<Double>?

  public init(
    title: String,
    xLabel: String,
    yLabel: String,
    points: [ChartPoint],
    logX: Bool = false,
    yBounds: ClosedRange<Double>? = nil
  ) {
    self.title = title
    self.xLabel = xLabel
    self.yLabel = yLabel
    self.points = points.filter { $0.x.isFinite && $0.y.isFinite && (!logX || $0.x > 0) }
    self.logX = logX
    self.yBounds = yBounds
  }

  /// The points sorted by x, as the line joins them.
  public var sortedPoints: [ChartPoint] { points.sorted { $0.x < $1.x } }

  /// Where x is drawn: log10 on a logarithmic axis.
  public func xPosition(_ x: Double) -> Double { logX ? log10(x) : x }

  /// The x range in drawing units (log10 on a logarithmic axis), never empty.
  public var xDomain: ClosedRange<Double> {
    Self.domain(points.map { xPosition($0.x) }, pad: 0)
  }

  /// The y range, padded by 5% of the span and kept within `yBounds`, never empty.
  public var yDomain: ClosedRange<Double> {
    let padded = Self.domain(points.map(\.y), pad: 0.05)
    guard let bounds = yBounds else { return padded }
    let low = min(max(padded.lowerBound, bounds.lowerBound), bounds.upperBound)
    let high = max(min(padded.upperBound, bounds.upperBound), bounds.lowerBound)
    if low < high { return low...high }
    // All points sit on one bound (every latency 0, every accuracy 1): open inwards.
    let span = max(abs(low) * 0.1, 1e-9)
    return low >= bounds.upperBound ? (low - span)...low : low...(low + span)
  }

  /// `count` evenly spaced tick values in drawing units, lowest first.
  public static func ticks(_ domain: ClosedRange<Double>, count: Int) -> [Double] {
    let n = max(2, count)
    let step = (domain.upperBound - domain.lowerBound) / Double(n - 1)
    return (0..<n).map { domain.lowerBound + Double($0) * step }
  }

  /// The x tick values in data units.
  public func xTickValues(count: Int) -> [Double] {
    Self.ticks(xDomain, count: count).map { logX ? pow(10, $0) : $0 }
  }

  /// A short tick label: `950`, `12.5k`, `1.6M`, `0.912`.
  public static func tickLabel(_ value: Double) -> String {
    let magnitude = abs(value)
    func trim(_ text: String) -> String {
      guard text.contains(".") else { return text }
      var result = text
      while result.hasSuffix("0") { result.removeLast() }
      if result.hasSuffix(".") { result.removeLast() }
      return result
    }
    if magnitude >= 1e9 { return trim(String(format: "%.2f", value / 1e9)) + "G" }
    if magnitude >= 1e6 { return trim(String(format: "%.2f", value / 1e6)) + "M" }
    if magnitude >= 1e4 { return trim(String(format: "%.1f", value / 1e3)) + "k" }
    if magnitude >= 100 { return String(Int(value.rounded())) }
    if magnitude >= 1 { return trim(String(format: "%.2f", value)) }
    if magnitude == 0 { return "0" }
    return trim(String(format: "%.4f", value))
  }

  static func domain(_ values: [Double], pad: Double) -> ClosedRange<Double> {
    guard let low = values.min(), let high = values.max() else { return 0...1 }
    if low == high {
      let half = low == 0 ? 1 : abs(low) * 0.05
      return (low - half)...(high + half)
    }
    let margin = (high - low) * pad
    return (low - margin)...(high + margin)
  }
}
