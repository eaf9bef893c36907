/// A sparse tensor as a presence bitmask plus the non-zero values in order.
///
/// Stored as `⌈n/8⌉` mask bytes (bit `i mod 8` of byte `i / 8` set when element `i` is
/// non-zero, least significant bit first) followed by `nnz` little-endian float32 values:
///
///     bytes = ⌈n/8⌉ + 4·nnz
///
/// One bit per weight of overhead, so it is smaller than dense once more than 1/32 of the
/// weights are zero, and smaller than CSR for any realistic sparsity below ~97 %.
public struct BitmaskSparseTensor: Sendable, Hashable {
  /// Number of elements in the dense tensor.
  public let count: Int
  /// Presence bits, LSB first.
  public let mask: [UInt8]
  /// Non-zero values in index order.
  public let values: [Float]

  /// Compresses a dense buffer, dropping exact zeros (±0).
  public init(dense: [Float]) {
    var mask = [UInt8](repeating: 0, count: (dense.count + 7) / 8)
    var values: [Float] = []
    for (index, value) in dense.enumerated() where value != 0 {
      mask[index / 8] |= 1 << UInt8(index % 8)
      values.append(value)
    }
    self.count = dense.count
    self.mask = mask
    self.values = values
  }

  /// Exact storage size, `⌈n/8⌉ + 4·nnz` bytes.
  public var byteCount: Int { mask.count + 4 * values.count }

  /// The dense buffer.
  public func densified() -> [Float] {
    var dense = [Float](repeating: 0, count: count)
    var next = 0
    for index in 0..<count where mask[index / 8] & (1 << UInt8(index % 8)) != 0 {
      dense[index] = values[next]
      next += 1
    }
    return dense
  }

  /// Mask bytes then values, `byteCount` bytes.
  public func encoded() -> [UInt8] {
    var bytes = mask
    bytes.reserveCapacity(byteCount)
    for value in values { appendLittleEndian(value.bitPattern, to: &bytes) }
    return bytes
  }

  /// Decodes `encoded()` output for a tensor of `count` elements.
  public init(encoded bytes: [UInt8], count: Int) throws {
    let maskBytes = (count + 7) / 8
    guard bytes.count >= maskBytes else {
      throw CompressionError.corruptStream("bitmask of \(bytes.count) bytes for \(count) elements")
    }
    let mask = Array(bytes[0..<maskBytes])
    var present = 0
    for index in 0..<count where mask[index / 8] & (1 << UInt8(index % 8)) != 0 { present += 1 }
    let padding = mask.last.map { count % 8 == 0 ? 0 : Int($0) >> (count % 8) } ?? 0
    guard bytes.count == maskBytes + 4 * present, padding == 0 else {
      throw CompressionError.corruptStream(
        "\(present) mask bits set but \(bytes.count - maskBytes) value bytes"
      )
    }
    self.count = count
    self.mask = mask
    self.values = (0..<present).map {
      Float(bitPattern: readLittleEndian(bytes, at: maskBytes + 4 * $0))
    }
  }
}
