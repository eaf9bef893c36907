import Foundation

/// Draws a `Chart` with Unicode characters: braille dots for the line, `●` for the points,
/// box-drawing axes with labelled ticks.
///
/// It needs no colour (colour only tints the points) and fits the given width: the plot
/// area is what is left after the y tick labels.
public struct ChartRenderer: Sendable {
  /// The total width in columns (clamped to 30…120).
  public var width: Int
  /// The plot area's height in rows.
  public var height: Int
  public var color: ColorMode

  public init(width: Int, height: Int = 12, color: ColorMode = ColorMode(isEnabled: false)) {
    self.width = min(120, max(30, width))
    self.height = max(4, height)
    self.color = color
  }

  /// The marker drawn at each point.
  public static let marker: Character = "●"

  /// The chart as lines joined by newlines.
  public func render(_ chart: Chart) -> String {
    let yTicks = Chart.ticks(chart.yDomain, count: min(5, height))
    let yLabels = yTicks.map(Chart.tickLabel)
    let labelWidth = yLabels.map(\.count).max() ?? 1
    let columns = max(10, width - labelWidth - 2)
    let rows = height
    var dots = [[UInt8]](repeating: [UInt8](repeating: 0, count: columns), count: rows)
    var markers = [[Bool]](repeating: [Bool](repeating: false, count: columns), count: rows)
    let xDomain = chart.xDomain
    let yDomain = chart.yDomain
    func sub(_ point: ChartPoint) -> (Int, Int) {
      let fx = (chart.xPosition(point.x) - xDomain.lowerBound) / span(xDomain)
      let fy = (point.y - yDomain.lowerBound) / span(yDomain)
      let sx = Int((fx * Double(columns * 2 - 1)).rounded())
      let sy = Int(((1 - fy) * Double(rows * 4 - 1)).rounded())
      return (min(max(sx, 0), columns * 2 - 1), min(max(sy, 0), rows * 4 - 1))
    }
    func plot(_ x: Int, _ y: Int) {
      let bits: [[UInt8]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]
      dots[y / 4][x / 2] |= bits[x % 2][y % 4]
    }
    let positions = chart.sortedPoints.map(sub)
    for (from, to) in zip(positions, positions.dropFirst()) {
      line(from, to, plot)
    }
    for (x, y) in positions { markers[y / 4][x / 2] = true }
    let tickRows = yTicks.map { value in
      Int(((1 - (value - yDomain.lowerBound) / span(yDomain)) * Double(rows - 1)).rounded())
    }
    var out = [color.apply(.bold, to: chart.title), chart.yLabel]
    for row in 0..<rows {
      var label = String(repeating: " ", count: labelWidth)
      var axis = "│"
      if let tick = tickRows.firstIndex(of: row) {
        label = String(repeating: " ", count: labelWidth - yLabels[tick].count) + yLabels[tick]
        axis = "┤"
      }
      var cells = ""
      for column in 0..<columns {
        if markers[row][column] {
          cells += color.apply(.cyan, to: String(Self.marker))
        } else if dots[row][column] != 0 {
          cells.append(Character(Unicode.Scalar(0x2800 + UInt32(dots[row][column]))!))
        } else {
          cells += " "
        }
      }
      var text = label + " " + axis + cells
      while text.hasSuffix(" ") { text.removeLast() }
      out.append(text)
    }
    let xCount = max(2, min(6, columns / 12))
    let xTicks = Chart.ticks(xDomain, count: xCount)
    let tickColumns = xTicks.map { value in
      Int(((value - xDomain.lowerBound) / span(xDomain) * Double(columns - 1)).rounded())
    }
    var axis = Array(String(repeating: "─", count: columns))
    for column in tickColumns { axis[column] = "┬" }
    out.append(String(repeating: " ", count: labelWidth + 1) + "└" + String(axis))
    var labels = Array(repeating: Character(" "), count: width)
    var free = 0
    for (tick, column) in zip(xTicks, tickColumns) {
      let text = Array(Chart.tickLabel(chart.logX ? pow(10, tick) : tick))
      let start = min(max(free, labelWidth + 2 + column - text.count / 2), width - text.count)
      guard start >= free, start >= 0, start + text.count <= labels.count else { continue }
      for (offset, character) in text.enumerated() { labels[start + offset] = character }
      free = start + text.count + 1
    }
    var tickLine = String(labels)
    while tickLine.hasSuffix(" ") { tickLine.removeLast() }
    out.append(tickLine)
    let pad = max(0, labelWidth + 2 + (columns - chart.xLabel.count) / 2)
    out.append(String(repeating: " ", count: pad) + chart.xLabel)
    return out.joined(separator: "\n")
  }

  private func span(_ domain: ClosedRange<Double>) -> Double {
    max(domain.upperBound - domain.lowerBound, .leastNormalMagnitude)
  }

  /// Bresenham's line from `a` to `b`, calling `plot` on every dot.
  private func line(_ a: (Int, Int), _ b: (Int, Int), _ plot: (Int, Int) -> Void) {
    var (x, y) = a
    let dx = abs(b.0 - x)
    let dy = -abs(b.1 - y)
    let sx = x < b.0 ? 1 : -1
    let sy = y < b.1 ? 1 : -1
    var error = dx + dy
    while true {
      plot(x, y)
      if x == b.0 && y == b.1 { break }
      let doubled = 2 * error
      if doubled >= dy {
        error += dy
        x += sx
      }
      if doubled <= dx {
        error += dx
        y += sy
      }
    }
  }
}
