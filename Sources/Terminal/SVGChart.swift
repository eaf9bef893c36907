import Foundation

/// Writes charts as one SVG document, panels stacked: titles, axes with labelled ticks, grid
/// lines, the line joining the points and a circle (with a tooltip) at each point.
///
/// The output is plain SVG 1.1 that any browser shows; the tick positions and labels are the
/// `Chart`'s, so the file matches what the terminal drew.
public struct SVGChart: Sendable {
  public var title: String
  public var charts: [Chart]
  public var width: Int
  public var panelHeight: Int

  public init(title: String, charts: [Chart], width: Int = 720, panelHeight: Int = 360) {
    self.title = title
    self.charts = charts
    self.width = width
    self.panelHeight = panelHeight
  }

  /// The SVG document.
  public func document() -> String {
    let header = 40
    let height = header + panelHeight * charts.count
    var out = [
      #"<?xml version="1.0" encoding="UTF-8"?>"#,
      #"<svg xmlns="http://www.w3.org/2000/svg" width="\#(width)" height="\#(height)" viewBox="0 0 \#(width) \#(height)" font-family="sans-serif">"#,
      #"<rect width="100%" height="100%" fill="white"/>"#,
      #"<text x="\#(width / 2)" y="26" font-size="18" text-anchor="middle" font-weight="bold">\#(Self.escape(title))</text>"#,
    ]
    for (index, chart) in charts.enumerated() {
      out.append(#"<g transform="translate(0,\#(header + index * panelHeight))">"#)
      out += panel(chart)
      out.append("</g>")
    }
    out.append("</svg>")
    return out.joined(separator: "\n") + "\n"
  }

  func panel(_ chart: Chart) -> [String] {
    let left = 80.0
    let right = Double(width) - 30
    let top = 40.0
    let bottom = Double(panelHeight) - 60
    let xDomain = chart.xDomain
    let yDomain = chart.yDomain
    func px(_ x: Double) -> Double {
      left + (chart.xPosition(x) - xDomain.lowerBound) / (xDomain.upperBound - xDomain.lowerBound)
        * (right - left)
    }
    func py(_ y: Double) -> Double {
      bottom - (y - yDomain.lowerBound) / (yDomain.upperBound - yDomain.lowerBound) * (bottom - top)
    }
    func f(_ value: Double) -> String { String(format: "%.1f", value) }
    var out = [
      #"<text x="\#(f((left + right) / 2))" y="24" font-size="15" text-anchor="middle">\#(Self.escape(chart.title))</text>"#,
      #"<line x1="\#(f(left))" y1="\#(f(bottom))" x2="\#(f(right))" y2="\#(f(bottom))" stroke="black"/>"#,
      #"<line x1="\#(f(left))" y1="\#(f(top))" x2="\#(f(left))" y2="\#(f(bottom))" stroke="black"/>"#,
    ]
    for value in Chart.ticks(yDomain, count: 5) {
      let y = py(value)
      out.append(
        #"<line x1="\#(f(left - 5))" y1="\#(f(y))" x2="\#(f(right))" y2="\#(f(y))" stroke="lightgray"/>"#
      )
      out.append(
        #"<text x="\#(f(left - 8))" y="\#(f(y + 4))" font-size="11" text-anchor="end">\#(Self.escape(Chart.tickLabel(value)))</text>"#
      )
    }
    for value in chart.xTickValues(count: 6) {
      let x = px(value)
      out.append(
        #"<line x1="\#(f(x))" y1="\#(f(bottom))" x2="\#(f(x))" y2="\#(f(bottom + 5))" stroke="black"/>"#
      )
      out.append(
        #"<text x="\#(f(x))" y="\#(f(bottom + 18))" font-size="11" text-anchor="middle">\#(Self.escape(Chart.tickLabel(value)))</text>"#
      )
    }
    out.append(
      #"<text x="\#(f((left + right) / 2))" y="\#(f(bottom + 40))" font-size="13" text-anchor="middle">\#(Self.escape(chart.xLabel))</text>"#
    )
    let middle = (top + bottom) / 2
    out.append(
      #"<text x="18" y="\#(f(middle))" font-size="13" text-anchor="middle" transform="rotate(-90 18 \#(f(middle)))">\#(Self.escape(chart.yLabel))</text>"#
    )
    let points = chart.sortedPoints
    if points.count > 1 {
      let path = points.map { "\(f(px($0.x))),\(f(py($0.y)))" }.joined(separator: " ")
      out.append(
        #"<polyline points="\#(path)" fill="none" stroke="steelblue" stroke-width="2"/>"#
      )
    }
    for point in points {
      let tip = point.label.isEmpty ? "" : "<title>\(Self.escape(point.label))</title>"
      out.append(
        #"<circle cx="\#(f(px(point.x)))" cy="\#(f(py(point.y)))" r="4" fill="steelblue">\#(tip)</circle>"#
      )
    }
    return out
  }

  /// Text with XML's five special characters escaped.
  public static func escape(_ text: String) -> String {
    var result = ""
    for character in text {
      switch character {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      case "'": result += "&apos;"
      default: result.append(character)
      }
    }
    return result
  }
}
