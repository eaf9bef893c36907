/// A sparse matrix in compressed sparse row form: values, column indices, row pointers.
///
/// Stored little-endian as three arrays, with the shape kept outside (as a container's
/// metadata would):
///
///     values        nnz × float32
///     columnIndices nnz × int32     (column of each value)
///     rowPointers   (rows + 1) × int32  (row r's values are [rowPointers[r], rowPointers[r+1]))
///     bytes = 8·nnz + 4·(rows + 1)
///
/// It beats the dense `4·rows·cols` only when density < `(1 − 1/cols)/2`, roughly 50 %
/// sparsity: each kept weight costs 8 bytes instead of 4.
public struct CSRMatrix: Sendable, Hashable {
  /// Number of rows.
  public let rows: Int
  /// Number of columns.
  public let columns: Int
  /// Non-zero values in row-major order.
  public let values: [Float]
  /// Column of each value.
  public let columnIndices: [Int32]
  /// Start of each row in `values`, plus the end.
  public let rowPointers: [Int32]

  /// Compresses a row-major dense matrix, dropping exact zeros (±0).
  public init(dense: [Float], rows: Int, columns: Int) throws {
    guard dense.count == rows * columns, rows >= 0, columns >= 0 else {
      throw CompressionError.shapeMismatch(
        expected: rows * columns,
        actual: dense.count,
        context: "matrix [\(rows), \(columns)]"
      )
    }
    var values: [Float] = []
    var indices: [Int32] = []
    var pointers: [Int32] = [0]
    for row in 0..<rows {
      for column in 0..<columns where dense[row * columns + column] != 0 {
        values.append(dense[row * columns + column])
        indices.append(Int32(column))
      }
      pointers.append(Int32(values.count))
    }
    self.rows = rows
    self.columns = columns
    self.values = values
    self.columnIndices = indices
    self.rowPointers = pointers
  }

  /// Number of stored values.
  public var nonzeroCount: Int { values.count }

  /// Exact storage size, `8·nnz + 4·(rows + 1)` bytes.
  public var byteCount: Int { 8 * values.count + 4 * (rows + 1) }

  /// The dense row-major matrix.
  public func densified() -> [Float] {
    var dense = [Float](repeating: 0, count: rows * columns)
    for row in 0..<rows {
      for index in Int(rowPointers[row])..<Int(rowPointers[row + 1]) {
        dense[row * columns + Int(columnIndices[index])] = values[index]
      }
    }
    return dense
  }

  /// The three arrays, little-endian, `byteCount` bytes.
  public func encoded() -> [UInt8] {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(byteCount)
    for value in values { appendLittleEndian(value.bitPattern, to: &bytes) }
    for index in columnIndices { appendLittleEndian(UInt32(bitPattern: index), to: &bytes) }
    for pointer in rowPointers { appendLittleEndian(UInt32(bitPattern: pointer), to: &bytes) }
    return bytes
  }

  /// Decodes `encoded()` output for a matrix of the given shape, validating every index.
  public init(encoded bytes: [UInt8], rows: Int, columns: Int) throws {
    let pointerBytes = 4 * (rows + 1)
    guard bytes.count >= pointerBytes, (bytes.count - pointerBytes) % 8 == 0 else {
      throw CompressionError.corruptStream("CSR data of \(bytes.count) bytes for \(rows) rows")
    }
    let nonzeros = (bytes.count - pointerBytes) / 8
    let values = (0..<nonzeros).map { Float(bitPattern: readLittleEndian(bytes, at: 4 * $0)) }
    let indices = (0..<nonzeros).map {
      Int32(bitPattern: readLittleEndian(bytes, at: 4 * (nonzeros + $0)))
    }
    let pointers = (0...rows).map {
      Int32(bitPattern: readLittleEndian(bytes, at: 8 * nonzeros + 4 * $0))
    }
    guard pointers.first == 0, pointers.last == Int32(nonzeros),
      zip(pointers, pointers.dropFirst()).allSatisfy({ $0 <= $1 }),
      indices.allSatisfy({ $0 >= 0 && Int($0) < columns })
    else {
      throw CompressionError.corruptStream("CSR row pointers or column indices out of range")
    }
    self.rows = rows
    self.columns = columns
    self.values = values
    self.columnIndices = indices
    self.rowPointers = pointers
  }
}

/// Appends a 32-bit value in little-endian order.
func appendLittleEndian(_ value: UInt32, to bytes: inout [UInt8]) {
  bytes.append(UInt8(truncatingIfNeeded: value))
  bytes.append(UInt8(truncatingIfNeeded: value >> 8))
  bytes.append(UInt8(truncatingIfNeeded: value >> 16))
  bytes.append(UInt8(truncatingIfNeeded: value >> 24))
}

/// Reads a little-endian 32-bit value at `offset`.
func readLittleEndian(_ bytes: [UInt8], at offset: Int) -> UInt32 {
  UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16
    | UInt32(bytes[offset + 3]) << 24
}
