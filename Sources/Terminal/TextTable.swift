/// A plain-text table with aligned columns, as `model.summary()` and torchinfo print them.
///
/// A table fits the width it is given (`maxWidth`, or else the width of the command that
/// renders it, `TextLayout.width`): when its columns are too wide, the widest text column
/// is wrapped inside its cells; when even that does not fit, each row is printed as a
/// block of `header: value` lines.
public struct TextTable: Sendable {
  /// How a column's cells line up.
  public enum Alignment: Sendable { case left, right }

  public var header: [String]
  public var rows: [[String]]
  /// One alignment per column; by default columns whose cells all look numeric are right-aligned.
  public var alignments: [Alignment]?
  /// Rows after which a thin rule is drawn (indices into `rows`).
  public var rulesAfter: Set<Int> = []
  /// The widest the table may be; `nil` uses `TextLayout.width` (no limit outside a command).
  public var maxWidth: Int?

  /// The narrowest a wrapped text column may become before rows are stacked instead.
  static let narrowestWrappedColumn = 12

  public init(
    header: [String],
    rows: [[String]],
    alignments: [Alignment]? = nil,
    maxWidth: Int? = nil
  ) {
    self.header = header
    self.rows = rows
    self.alignments = alignments
    self.maxWidth = maxWidth
  }

  /// The table as lines joined by newlines, a rule under the header and at the end.
  public func render() -> String {
    render(width: maxWidth ?? TextLayout.width)
  }

  /// The table fitted to `width` columns (`nil`: no limit).
  public func render(width: Int?) -> String {
    let columns = max(header.count, rows.map(\.count).max() ?? 0)
    guard columns > 0 else { return "" }
    var widths = [Int](repeating: 0, count: columns)
    for row in [header] + rows {
      for (index, cell) in row.enumerated() {
        widths[index] = max(widths[index], TextWrapper.visibleLength(cell))
      }
    }
    let aligns = resolvedAlignments(columns: columns)
    let natural = widths.reduce(0, +) + 2 * (columns - 1)
    guard let width, natural > width else {
      return lines(widths: widths, aligns: aligns).joined(separator: "\n")
    }
    // Wrap the widest left-aligned (text) column, preferring the last one on ties.
    let textColumns = (0..<columns).filter { aligns[$0] == .left }
    if let wrapped = textColumns.max(by: { widths[$0] <= widths[$1] }) {
      let room = width - (natural - widths[wrapped])
      let longestWord = ([header] + rows).compactMap { row in
        wrapped < row.count ? row[wrapped] : nil
      }.flatMap { $0.split(separator: " ") }.map { TextWrapper.visibleLength(String($0)) }.max()
      if room >= Self.narrowestWrappedColumn, room >= min(longestWord ?? 0, 24) {
        var fitted = widths
        fitted[wrapped] = room
        return lines(widths: fitted, aligns: aligns, wrapping: wrapped).joined(separator: "\n")
      }
    }
    return stacked(width: width).joined(separator: "\n")
  }

  private func resolvedAlignments(columns: Int) -> [Alignment] {
    let given = alignments ?? []
    return (0..<columns).map { column in
      if column < given.count { return given[column] }
      let cells = rows.compactMap { column < $0.count ? $0[column] : nil }.filter { !$0.isEmpty }
      let numeric = !cells.isEmpty && cells.allSatisfy(Self.looksNumeric)
      return numeric ? .right : .left
    }
  }

  private func lines(widths: [Int], aligns: [Alignment], wrapping: Int? = nil) -> [String] {
    let columns = widths.count
    func line(_ row: [String]) -> [String] {
      var cellLines: [[String]] = []
      for column in 0..<columns {
        let cell = column < row.count ? row[column] : ""
        if column == wrapping, TextWrapper.visibleLength(cell) > widths[column] {
          cellLines.append(TextWrapper.wrapLine(cell, width: widths[column]))
        } else {
          cellLines.append([cell])
        }
      }
      let height = cellLines.map(\.count).max() ?? 1
      var out: [String] = []
      for lineIndex in 0..<height {
        var parts: [String] = []
        for column in 0..<columns {
          let cell = lineIndex < cellLines[column].count ? cellLines[column][lineIndex] : ""
          let pad = String(
            repeating: " ",
            count: max(0, widths[column] - TextWrapper.visibleLength(cell))
          )
          parts.append(aligns[column] == .right ? pad + cell : cell + pad)
        }
        var text = parts.joined(separator: "  ")
        while text.hasSuffix(" ") { text.removeLast() }
        out.append(text)
      }
      return out
    }
    let totalWidth = widths.reduce(0, +) + 2 * max(0, columns - 1)
    let thick = String(repeating: "━", count: totalWidth)
    let thin = String(repeating: "─", count: totalWidth)
    var out = line(header) + [thick]
    for (index, row) in rows.enumerated() {
      out += line(row)
      if rulesAfter.contains(index) && index != rows.count - 1 { out.append(thin) }
    }
    out.append(thick)
    return out
  }

  /// Each row as a block: its first cell, then `header: value` lines, wrapped to `width`.
  private func stacked(width: Int) -> [String] {
    let rule = String(repeating: "━", count: max(1, min(width, 40)))
    var out: [String] = [rule]
    for (index, row) in rows.enumerated() {
      for (column, cell) in row.enumerated() {
        let name = column < header.count ? header[column] : ""
        let text: String
        var hang = 0
        if column == 0 {
          text = name.isEmpty || cell.isEmpty ? cell : "\(name): \(cell)"
        } else {
          text = "  " + (name.isEmpty ? cell : "\(name): \(cell)")
          hang = 2 + (name.isEmpty ? 0 : TextWrapper.visibleLength(name) + 2)
        }
        if text.trimmingSpaces().isEmpty { continue }
        // Continuation lines start under the value, unless that leaves too little room.
        out += TextWrapper.wrapLine(text, width: width, hangingIndent: hang <= width / 2 ? hang : 2)
      }
      if index != rows.count - 1 {
        out.append(String(repeating: "─", count: max(1, min(width, 40))))
      }
    }
    out.append(rule)
    return out
  }

  static func looksNumeric(_ text: String) -> Bool {
    let allowed = Set("0123456789.,-+%eE ×x")
    return text.first.map { $0.isNumber || $0 == "-" } == true && text.allSatisfy(allowed.contains)
  }
}

extension String {
  fileprivate func trimmingSpaces() -> String {
    String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
  }
}
