import Foundation
import Testing

@testable import ProgressStore

/// The header check refuses truncated files but not a WAL database caught mid-checkpoint.
@Suite struct SQLiteHeaderTests {
  /// A 100-byte header with 4096-byte pages, `pages` pages, and the given journal version.
  static func header(pages: UInt32, wal: Bool) -> SQLiteHeader {
    var bytes = [UInt8](Data("SQLite format 3\u{0}".utf8))
    bytes += [UInt8](repeating: 0, count: 84)
    bytes[16] = 0x10
    bytes[17] = 0x00
    bytes[18] = wal ? 2 : 1
    bytes[19] = wal ? 2 : 1
    func put(_ value: UInt32, at offset: Int) {
      for index in 0..<4 {
        bytes[offset + index] = UInt8(truncatingIfNeeded: value >> (24 - 8 * index))
      }
    }
    put(7, at: 24)
    put(pages, at: 28)
    put(7, at: 92)
    return SQLiteHeader(Data(bytes))!
  }

  @Test func aShortFileIsTruncatedWhenNoWriteAheadLogIsInUse() {
    let rollback = Self.header(pages: 20, wal: false)
    #expect(rollback.damage(fileSize: 16 * 4096)?.contains("truncated") == true)
    #expect(rollback.damage(fileSize: 16 * 4096, walInUse: true)?.contains("truncated") == true)
    let wal = Self.header(pages: 20, wal: true)
    #expect(wal.damage(fileSize: 16 * 4096)?.contains("truncated") == true)
    #expect(wal.damage(fileSize: 20 * 4096) == nil)
  }

  @Test func aWALFileBeingCheckpointedIsNotCalledTruncated() {
    // A checkpoint writes page 1 with the new count before the file grows to it.
    let wal = Self.header(pages: 20, wal: true)
    #expect(wal.damage(fileSize: 16 * 4096, walInUse: true) == nil)
    // A torn page is still damage, whatever the log.
    #expect(wal.damage(fileSize: 16 * 4096 + 100, walInUse: true)?.contains("whole number") == true)
  }
}
