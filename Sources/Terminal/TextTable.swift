/// A plain-text table with aligned columns, as `model.summary()` and torchinfo print them.
public struct TextTable: Sendable {
  /// How a column's cells line up.
  public enum Alignment: Sendable { case left, right }

  public var header: [String]
  public var rows: [[String]]
  /// One alignment per column; by default columns whose cells all look numeric are right-aligned.
  public var alignments: [Alignment]?
  /// Rows after which a thin rule is drawn (indices into `rows`).
  public var rulesAfter: Set<Int> = []

  public init(header: [String], rows: [[String]], alignments: [Alignment]? = nil) {
    self.header = header
    self.rows = rows
    self.alignments = alignments
  }

  /// The table as lines joined by newlines, a rule under the header and at the end.
  public func render() -> String {
    let columns = max(header.count, rows.map(\.count).max() ?? 0)
    var widths = [Int](repeating: 0, count: columns)
    for row in [header] + rows {
      for (index, cell) in row.enumerated() {
        widths[index] = max(widths[index], TextWrapper.visibleLength(cell))
      }
    }
    let aligns =
      alignments
      ?? (0..<columns).map { column in
        let cells = rows.compactMap { column < $0.count ? $0[column] : nil }.filter { !$0.isEmpty }
        let numeric = !cells.isEmpty && cells.allSatisfy(Self.looksNumeric)
        return numeric ? .right : .left
      }
    func line(_ row: [String]) -> String {
      var parts: [String] = []
      for column in 0..<columns {
        let cell = column < row.count ? row[column] : ""
        let pad = String(repeating: " ", count: widths[column] - TextWrapper.visibleLength(cell))
        parts.append(aligns[column] == .right ? pad + cell : cell + pad)
      }
      var text = parts.joined(separator: "  ")
      while text.hasSuffix(" ") { text.removeLast() }
      return text
    }
    let totalWidth = widths.reduce(0, +) + 2 * max(0, columns - 1)
    let thick = String(repeating: "━", count: totalWidth)
    let thin = String(repeating: "─", count: totalWidth)
    var out = [line(header), thick]
    for (index, row) in rows.enumerated() {
      out.append(line(row))
      if rulesAfter.contains(index) && index != rows.count - 1 { out.append(thin) }
    }
    out.append(thick)
    return out.joined(separator: "\n")
  }

  static func looksNumeric(_ text: String) -> Bool {
    let allowed = Set("0123456789.,-+%eE ×x")
    return text.first.map { $0.isNumber || $0 == "-" } == true && text.allSatisfy(allowed.contains)
  }
}
