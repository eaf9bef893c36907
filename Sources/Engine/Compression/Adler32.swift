/// The Adler-32 checksum of RFC 1950 (the zlib trailer).
///
///     a = 1 + Σ bytes (mod 65521),  b = Σ a after each byte (mod 65521),  adler = b·65536 + a
public struct Adler32: Sendable, Hashable {
  private var a: UInt32 = 1
  private var b: UInt32 = 0

  /// A checksum of no bytes (1).
  public init() {}

  /// Adds `bytes` to the checksum.
  public mutating func update<Bytes: Collection<UInt8>>(_ bytes: Bytes) {
    var index = bytes.startIndex
    while index != bytes.endIndex {
      // 5552 bytes is the most that cannot overflow UInt32 before the modulo (zlib's NMAX).
      var chunk = 0
      while chunk < 5552 && index != bytes.endIndex {
        a &+= UInt32(bytes[index])
        b &+= a
        index = bytes.index(after: index)
        chunk += 1
      }
      a %= 65521
      b %= 65521
    }
  }

  /// The checksum so far.
  public var value: UInt32 { b << 16 | a }

  /// The checksum of `bytes`.
  public static func checksum<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> UInt32 {
    var adler = Adler32()
    adler.update(bytes)
    return adler.value
  }
}
