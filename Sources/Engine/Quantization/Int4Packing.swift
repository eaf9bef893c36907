/// Packs 4-bit codes two per byte and unpacks them.
///
/// The layout is ONNX's for `INT4`/`UINT4` tensors: element `2i` goes in the low nibble of byte
/// `i`, element `2i + 1` in the high nibble; an odd count leaves the last high nibble 0.
/// Bytes = `⌈n / 2⌉`. Signed codes are stored in two's complement (−8 … 7 → 0x8 … 0x7).
public enum Int4Packing {
  /// Packs signed codes in `[−8, 7]`, low nibble first.
  public static func pack(_ codes: [Int8]) throws -> [UInt8] {
    for code in codes where code < -8 || code > 7 {
      throw CompressionError.invalidParameter(
        name: "int4 code",
        value: "\(code)",
        expected: "inside [-8, 7]"
      )
    }
    return packNibbles(codes.map { UInt8(bitPattern: $0) & 0x0F })
  }

  /// Packs unsigned codes in `[0, 15]`, low nibble first.
  public static func pack(unsigned codes: [UInt8]) throws -> [UInt8] {
    for code in codes where code > 15 {
      throw CompressionError.invalidParameter(
        name: "uint4 code",
        value: "\(code)",
        expected: "inside [0, 15]"
      )
    }
    return packNibbles(codes)
  }

  /// Unpacks `count` signed codes (sign-extending each nibble).
  public static func unpack(_ bytes: [UInt8], count: Int) throws -> [Int8] {
    try unpack(unsigned: bytes, count: count).map { Int8(bitPattern: $0 << 4) >> 4 }
  }

  /// Unpacks `count` unsigned codes.
  public static func unpack(unsigned bytes: [UInt8], count: Int) throws -> [UInt8] {
    guard bytes.count == (count + 1) / 2 else {
      throw CompressionError.shapeMismatch(
        expected: (count + 1) / 2,
        actual: bytes.count,
        context: "bytes for \(count) int4 codes"
      )
    }
    var codes = [UInt8](repeating: 0, count: count)
    for index in 0..<count {
      let byte = bytes[index / 2]
      codes[index] = index % 2 == 0 ? byte & 0x0F : byte >> 4
    }
    return codes
  }

  private static func packNibbles(_ nibbles: [UInt8]) -> [UInt8] {
    var bytes = [UInt8](repeating: 0, count: (nibbles.count + 1) / 2)
    for (index, nibble) in nibbles.enumerated() {
      bytes[index / 2] |= index % 2 == 0 ? nibble : nibble << 4
    }
    return bytes
  }
}
