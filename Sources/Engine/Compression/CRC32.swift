/// The CRC-32 of RFC 1952 (gzip trailer; also PNG and zip): reflected polynomial 0xEDB88320.
public struct CRC32: Sendable, Hashable {
  private var state: UInt32 = 0xFFFF_FFFF

  /// A CRC of no bytes (0).
  public init() {}

  /// Adds `bytes` to the CRC, a byte at a time through a 256-entry table.
  public mutating func update<Bytes: Collection<UInt8>>(_ bytes: Bytes) {
    let table = CRC32.table
    var crc = state
    for byte in bytes {
      crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
    }
    state = crc
  }

  /// The CRC so far.
  public var value: UInt32 { state ^ 0xFFFF_FFFF }

  /// The CRC of `bytes`.
  public static func checksum<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> UInt32 {
    var crc = CRC32()
    crc.update(bytes)
    return crc.value
  }

  private static let table: [UInt32] = (0..<256).map { index in
    var crc = UInt32(index)
    for _ in 0..<8 { crc = crc & 1 == 1 ? 0xEDB8_8320 ^ (crc >> 1) : crc >> 1 }
    return crc
  }
}
