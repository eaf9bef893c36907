/// A dense table of `Float` features stored row by row, the input of the classical models.
///
/// Row `r`, column `c` lives at `values[r * columns + c]`. The trees, forests, boosted trees,
/// linear models and feature selectors all read this one plain value so that the engine's
/// dataset reader needs a single adapter to feed any of them.
public struct FeatureMatrix: Sendable, Equatable {
  /// The number of examples.
  public let rows: Int
  /// The number of features per example.
  public let columns: Int
  /// The features, row-major: `rows × columns` values.
  public let values: [Float]

  /// Wraps row-major values, checking that their count is `rows × columns`.
  public init(rows: Int, columns: Int, values: [Float]) throws(ClassicalModelError) {
    guard rows >= 0, columns >= 0, rows.multipliedReportingOverflow(by: columns).overflow == false,
      rows * columns == values.count
    else {
      throw .valueCountMismatch(rows: rows, columns: columns, count: values.count)
    }
    self.rows = rows
    self.columns = columns
    self.values = values
  }

  /// Builds a matrix from equally long rows.
  public init(rows: [[Float]]) throws(ClassicalModelError) {
    let width = rows.first?.count ?? 0
    for (index, row) in rows.enumerated() where row.count != width {
      throw .rowLengthMismatch(row: index, expected: width, actual: row.count)
    }
    try self.init(rows: rows.count, columns: width, values: rows.flatMap { $0 })
  }

  /// The value of one feature of one example.
  public subscript(row: Int, column: Int) -> Float {
    values[row * columns + column]
  }

  /// The features of one example.
  public func row(_ index: Int) -> ArraySlice<Float> {
    values[(index * columns)..<((index + 1) * columns)]
  }

  /// A matrix holding only the given examples, in the given order (repeats allowed).
  public func selectingRows(_ indices: [Int]) -> FeatureMatrix {
    var out: [Float] = []
    out.reserveCapacity(indices.count * columns)
    for index in indices { out.append(contentsOf: row(index)) }
    return FeatureMatrix(unchecked: indices.count, columns, out)
  }

  /// A matrix holding only the given features, in the given order.
  public func selectingColumns(_ indices: [Int]) -> FeatureMatrix {
    var out: [Float] = []
    out.reserveCapacity(rows * indices.count)
    for r in 0..<rows {
      let base = r * columns
      for c in indices { out.append(values[base + c]) }
    }
    return FeatureMatrix(unchecked: rows, indices.count, out)
  }

  init(unchecked rows: Int, _ columns: Int, _ values: [Float]) {
    self.rows = rows
    self.columns = columns
    self.values = values
  }

  /// The same values stored column by column, the layout the split search scans.
  func columnMajor() -> [Float] {
    var out = [Float](repeating: 0, count: values.count)
    for r in 0..<rows {
      for c in 0..<columns { out[c * rows + r] = values[r * columns + c] }
    }
    return out
  }
}
