/// DEFLATE compression (RFC 1951) in pure Swift, with zlib (RFC 1950) and gzip (RFC 1952)
/// wrappers.
///
/// This is what "zip the pruned model" measures: runs of zero bytes in a pruned fp32 buffer
/// become back-references (length ≤ 258, distance ≤ 32 KiB) and frequent bytes get short
/// Huffman codes, while random float mantissas barely compress (≈ 7–8 %, from the exponent
/// bytes). Levels follow zlib's table (`good`, `lazy`, `nice`, `chain`); 6 is the default.
///
///     zlib   = 0x78 FLG · deflate · Adler-32 (big-endian)
///     gzip   = 1f 8b 08 00 · mtime 0 · XFL · OS 255 · deflate · CRC-32 · size mod 2^32 (LE)
public enum Deflate {
  /// The framing around the DEFLATE bit stream.
  public enum Container: String, Sendable, Hashable, CaseIterable {
    /// The bare RFC 1951 stream (what zip entries hold).
    case raw
    /// RFC 1950: 2-byte header, Adler-32 trailer (Python's `zlib.compress`).
    case zlib
    /// RFC 1952: 10-byte header, CRC-32 and length trailer (`.gz` files).
    case gzip
  }

  /// Compresses `data` at `level` 0 (stored) … 9 (slowest), default 6.
  public static func compress(_ data: [UInt8], level: Int = 6, container: Container = .zlib)
    throws -> [UInt8]
  {
    guard (0...9).contains(level) else {
      throw CompressionError.invalidParameter(name: "level", value: "\(level)", expected: "0 ... 9")
    }
    let stream = DeflateEncoder(level: level).encode(data)
    switch container {
    case .raw:
      return stream
    case .zlib:
      let levelFlag: UInt8 = level < 2 ? 0 : level < 6 ? 1 : level == 6 ? 2 : 3
      let cmf: UInt8 = 0x78
      var flg = levelFlag << 6
      flg += UInt8((31 - (UInt16(cmf) << 8 | UInt16(flg)) % 31) % 31)
      var result = [cmf, flg] + stream
      let adler = Adler32.checksum(data)
      result += [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: adler >> UInt32($0)) }
      return result
    case .gzip:
      let extraFlags: UInt8 = level == 9 ? 2 : level == 1 ? 4 : 0
      var result: [UInt8] = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, extraFlags, 255]
      result += stream
      let crc = CRC32.checksum(data)
      let size = UInt32(truncatingIfNeeded: data.count)
      result += [0, 8, 16, 24].map { UInt8(truncatingIfNeeded: crc >> UInt32($0)) }
      result += [0, 8, 16, 24].map { UInt8(truncatingIfNeeded: size >> UInt32($0)) }
      return result
    }
  }

  /// Decompresses a stream in `container` and checks its checksum.
  public static func decompress(_ data: [UInt8], container: Container = .zlib) throws -> [UInt8] {
    switch container {
    case .raw:
      var inflater = Inflater(data)
      return try inflater.inflate()
    case .zlib:
      guard data.count >= 6 else { throw CompressionError.corruptStream("zlib data too short") }
      guard data[0] & 0x0F == 8, data[0] >> 4 <= 7,
        (UInt16(data[0]) << 8 | UInt16(data[1])) % 31 == 0
      else {
        throw CompressionError.corruptStream("not a zlib header")
      }
      guard data[1] & 0x20 == 0 else {
        throw CompressionError.corruptStream("zlib preset dictionaries are not supported")
      }
      var inflater = Inflater(data, start: 2)
      let output = try inflater.inflate()
      let end = inflater.endOffset
      guard end + 4 <= data.count else { throw CompressionError.corruptStream("missing Adler-32") }
      let expected = data[end..<(end + 4)].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
      let actual = Adler32.checksum(output)
      guard expected == actual else {
        throw CompressionError.checksumMismatch(expected: expected, actual: actual)
      }
      return output
    case .gzip:
      return try decompressGzip(data)
    }
  }

  private static func decompressGzip(_ data: [UInt8]) throws -> [UInt8] {
    guard data.count >= 18, data[0] == 0x1F, data[1] == 0x8B, data[2] == 8 else {
      throw CompressionError.corruptStream("not a gzip header")
    }
    let flags = data[3]
    var offset = 10
    if flags & 4 != 0 {
      guard offset + 2 <= data.count else { throw CompressionError.corruptStream("gzip header") }
      offset += 2 + Int(data[offset]) + Int(data[offset + 1]) << 8
    }
    for flag: UInt8 in [8, 16] where flags & flag != 0 {
      while offset < data.count && data[offset] != 0 { offset += 1 }
      offset += 1
    }
    if flags & 2 != 0 { offset += 2 }
    guard offset < data.count else { throw CompressionError.corruptStream("gzip header") }
    var inflater = Inflater(data, start: offset)
    let output = try inflater.inflate()
    let end = inflater.endOffset
    guard end + 8 <= data.count else {
      throw CompressionError.corruptStream("missing gzip trailer")
    }
    let little = { (at: Int) -> UInt32 in
      (0..<4).reduce(UInt32(0)) { $0 | UInt32(data[at + $1]) << UInt32(8 * $1) }
    }
    let actual = CRC32.checksum(output)
    guard little(end) == actual else {
      throw CompressionError.checksumMismatch(expected: little(end), actual: actual)
    }
    guard little(end + 4) == UInt32(truncatingIfNeeded: output.count) else {
      throw CompressionError.corruptStream("gzip size field does not match")
    }
    return output
  }
}
