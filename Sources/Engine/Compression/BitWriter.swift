/// Writes DEFLATE's bit stream: values packed least significant bit first into bytes.
struct BitWriter {
  private(set) var bytes: [UInt8] = []
  private var buffer: UInt64 = 0
  private var bitCount = 0

  init(capacity: Int) { bytes.reserveCapacity(capacity) }

  /// Appends the low `count` bits of `value` (count ≤ 32).
  @inline(__always)
  mutating func write(_ value: UInt32, count: Int) {
    buffer |= UInt64(value) << UInt64(bitCount)
    bitCount += count
    if bitCount >= 32 {
      let word = UInt32(truncatingIfNeeded: buffer)
      bytes.append(UInt8(truncatingIfNeeded: word))
      bytes.append(UInt8(truncatingIfNeeded: word >> 8))
      bytes.append(UInt8(truncatingIfNeeded: word >> 16))
      bytes.append(UInt8(truncatingIfNeeded: word >> 24))
      buffer >>= 32
      bitCount -= 32
    }
  }

  /// Pads with zero bits to the next byte boundary.
  mutating func alignToByte() {
    while bitCount > 0 {
      bytes.append(UInt8(truncatingIfNeeded: buffer))
      buffer >>= 8
      bitCount = max(0, bitCount - 8)
    }
    buffer = 0
  }

  /// Appends whole bytes; the writer must be byte-aligned.
  mutating func appendAligned<Bytes: Collection<UInt8>>(_ data: Bytes) {
    alignToByte()
    bytes.append(contentsOf: data)
  }

  /// The finished stream, padded to a byte.
  mutating func finish() -> [UInt8] {
    alignToByte()
    return bytes
  }
}
