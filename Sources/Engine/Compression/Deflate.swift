import CZlib

/// DEFLATE compression (RFC 1951) through the system's zlib, with zlib (RFC 1950) and gzip
/// (RFC 1952) framing.
///
/// This is what "zip the pruned model" measures: runs of zero bytes in a pruned fp32 buffer
/// become back-references and frequent bytes get short Huffman codes, while random float
/// mantissas barely compress (≈ 7–8 %, from the exponent bytes). The sizes are zlib's own,
/// byte for byte what Python's `zlib.compress(data, level)` writes; level 6 is the default.
public enum Deflate {
  /// The framing around the DEFLATE bit stream.
  public enum Container: String, Sendable, Hashable, CaseIterable {
    /// The bare RFC 1951 stream (what zip entries hold).
    case raw
    /// RFC 1950: 2-byte header, Adler-32 trailer (Python's `zlib.compress`).
    case zlib
    /// RFC 1952: 10-byte header, CRC-32 and length trailer (`.gz` files).
    case gzip

    /// zlib's `windowBits` for this framing: 15 (32 KiB window), negated for raw, +16 for gzip.
    var windowBits: Int32 {
      switch self {
      case .raw: return -15
      case .zlib: return 15
      case .gzip: return 31
      }
    }
  }

  /// The version of the zlib library the engine is linked against ("1.2.13" on Debian 12).
  public static var libraryVersion: String { String(cString: zlibVersion()) }

  /// Compresses `data` at `level` 0 (stored) … 9 (slowest), default 6, with zlib's default
  /// memory level (8) and strategy, as `zlib.compress` does.
  public static func compress(_ data: [UInt8], level: Int = 6, container: Container = .zlib)
    throws -> [UInt8]
  {
    guard (0...9).contains(level) else {
      throw CompressionError.invalidParameter(name: "level", value: "\(level)", expected: "0 ... 9")
    }
    var stream = z_stream()
    guard goldilocks_deflate_init(&stream, Int32(level), container.windowBits) == Z_OK else {
      throw CompressionError.corruptStream(
        "zlib could not start a level-\(level) compressor (out of memory?)"
      )
    }
    defer { deflateEnd(&stream) }
    var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(data.count))) + 32)
    var input = data
    let status = input.withUnsafeMutableBufferPointer { source in
      output.withUnsafeMutableBufferPointer { target in
        stream.next_in = source.baseAddress
        stream.avail_in = uInt(source.count)
        stream.next_out = target.baseAddress
        stream.avail_out = uInt(target.count)
        return deflate(&stream, Z_FINISH)
      }
    }
    guard status == Z_STREAM_END else {
      throw CompressionError.corruptStream("zlib stopped with status \(status) while compressing")
    }
    output.removeLast(output.count - Int(stream.total_out))
    return output
  }

  /// Decompresses a stream in `container`; zlib checks the Adler-32 or CRC-32 trailer.
  public static func decompress(_ data: [UInt8], container: Container = .zlib) throws -> [UInt8] {
    var stream = z_stream()
    guard goldilocks_inflate_init(&stream, container.windowBits) == Z_OK else {
      throw CompressionError.corruptStream("zlib could not start a decompressor (out of memory?)")
    }
    defer { inflateEnd(&stream) }
    var input = data
    var output: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: max(64 * 1024, data.count * 4))
    var status: Int32 = Z_OK
    try input.withUnsafeMutableBufferPointer { source in
      stream.next_in = source.baseAddress
      stream.avail_in = uInt(source.count)
      while status != Z_STREAM_END {
        let produced = chunk.withUnsafeMutableBufferPointer { target -> Int in
          stream.next_out = target.baseAddress
          stream.avail_out = uInt(target.count)
          status = inflate(&stream, Z_NO_FLUSH)
          return target.count - Int(stream.avail_out)
        }
        output += chunk[0..<produced]
        switch status {
        case Z_OK, Z_STREAM_END:
          continue
        case Z_BUF_ERROR where stream.avail_in == 0:
          throw CompressionError.corruptStream("the stream ends early")
        default:
          let reason = stream.msg.map { String(cString: $0) } ?? "zlib status \(status)"
          throw CompressionError.corruptStream(reason)
        }
      }
    }
    return output
  }

  /// The CRC-32 of `data` (the gzip and PNG checksum), computed by zlib.
  public static func crc32(_ data: [UInt8]) -> UInt32 {
    data.withUnsafeBufferPointer { UInt32(CZlib.crc32(0, $0.baseAddress, uInt($0.count))) }
  }

  /// The Adler-32 of `data` (the zlib-stream checksum), computed by zlib.
  public static func adler32(_ data: [UInt8]) -> UInt32 {
    data.withUnsafeBufferPointer { UInt32(CZlib.adler32(1, $0.baseAddress, uInt($0.count))) }
  }
}
