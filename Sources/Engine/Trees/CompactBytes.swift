/// A little-endian byte sink for the compact model encodings.
struct CompactByteWriter {
  var bytes: [UInt8] = []

  mutating func append(_ value: UInt8) { bytes.append(value) }

  mutating func append(_ value: UInt16) {
    bytes.append(UInt8(truncatingIfNeeded: value))
    bytes.append(UInt8(truncatingIfNeeded: value >> 8))
  }

  mutating func append(_ value: UInt32) {
    for shift in stride(from: 0, to: 32, by: 8) {
      bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift)))
    }
  }

  mutating func append(_ value: Int32) { append(UInt32(bitPattern: value)) }

  mutating func append(_ value: Float) { append(value.bitPattern) }

  mutating func append(magic: String) { bytes.append(contentsOf: Array(magic.utf8)) }
}

/// A bounds-checked little-endian reader that turns every short read into a typed error.
struct CompactByteReader {
  let bytes: [UInt8]
  let model: String
  var offset = 0

  init(_ bytes: [UInt8], model: String) {
    self.bytes = bytes
    self.model = model
  }

  var remaining: Int { bytes.count - offset }

  func fail(_ reason: String) -> ClassicalModelError {
    .malformedBytes(model: model, offset: offset, reason: reason)
  }

  mutating func need(_ count: Int) throws(ClassicalModelError) {
    if count > remaining {
      throw fail("needs \(count) more bytes, only \(remaining) left (truncated?)")
    }
  }

  mutating func u8() throws(ClassicalModelError) -> UInt8 {
    try need(1)
    defer { offset += 1 }
    return bytes[offset]
  }

  mutating func u16() throws(ClassicalModelError) -> UInt16 {
    try need(2)
    defer { offset += 2 }
    return UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
  }

  mutating func u32() throws(ClassicalModelError) -> UInt32 {
    try need(4)
    defer { offset += 4 }
    var value: UInt32 = 0
    for index in 0..<4 { value |= UInt32(bytes[offset + index]) << UInt32(8 * index) }
    return value
  }

  mutating func i32() throws(ClassicalModelError) -> Int32 { Int32(bitPattern: try u32()) }

  mutating func f32() throws(ClassicalModelError) -> Float { Float(bitPattern: try u32()) }

  /// A finite float, or a typed error naming `what`.
  mutating func finite(_ what: String) throws(ClassicalModelError) -> Float {
    let value = try f32()
    guard value.isFinite else { throw fail("\(what) is not a finite number") }
    return value
  }

  mutating func expect(magic: String, version: UInt8) throws(ClassicalModelError) {
    let expected = Array(magic.utf8)
    try need(expected.count + 1)
    guard Array(bytes[offset..<(offset + expected.count)]) == expected else {
      throw fail("does not start with the magic \"\(magic)\"")
    }
    offset += expected.count
    let found = try u8()
    guard found == version else { throw fail("format version \(found), expected \(version)") }
  }

  func expectEnd() throws(ClassicalModelError) {
    guard remaining == 0 else { throw fail("\(remaining) unexpected trailing bytes") }
  }
}
