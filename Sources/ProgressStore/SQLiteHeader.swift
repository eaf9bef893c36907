import Foundation

/// The first 100 bytes of an SQLite file, read without SQLite so that a file can be
/// judged before anything opens it (https://www.sqlite.org/fileformat.html#the_database_header).
struct SQLiteHeader: Equatable, Sendable {
  /// "SQLite format 3" and a NUL: the first 16 bytes of every SQLite 3 file.
  static let magic = Data("SQLite format 3\u{0}".utf8)
  /// How many bytes the header has.
  static let length = 100

  /// Bytes per page (512 to 65,536, a power of two), or 0 when the field is invalid.
  let pageSize: Int
  /// Whether the file is in write-ahead-log mode (read and write versions 2).
  let isWAL: Bool
  /// The file change counter.
  let changeCounter: UInt32
  /// The database size in pages as the header states it.
  let pageCount: UInt32
  /// The change counter value for which `pageCount` is valid.
  let versionValidFor: UInt32
  /// `PRAGMA user_version`: the schema version a program keeps there.
  let userVersion: Int32
  /// `PRAGMA application_id`: which program made the file (0 when none said so).
  let applicationId: UInt32

  /// Parses a header, or returns nil when `bytes` does not start with the SQLite magic.
  init?(_ bytes: Data) {
    let bytes = Array(bytes)
    guard bytes.count >= Self.length, Array(bytes[0..<16]) == Array(Self.magic) else {
      return nil
    }
    func u16(_ at: Int) -> Int { Int(bytes[at]) << 8 | Int(bytes[at + 1]) }
    func u32(_ at: Int) -> UInt32 {
      UInt32(bytes[at]) << 24 | UInt32(bytes[at + 1]) << 16 | UInt32(bytes[at + 2]) << 8
        | UInt32(bytes[at + 3])
    }
    let rawPageSize = u16(16)
    let size = rawPageSize == 1 ? 65_536 : rawPageSize
    pageSize = size >= 512 && size <= 65_536 && size & (size - 1) == 0 ? size : 0
    isWAL = bytes[18] == 2 && bytes[19] == 2
    changeCounter = u32(24)
    pageCount = u32(28)
    versionValidFor = u32(92)
    userVersion = Int32(bitPattern: u32(60))
    applicationId = u32(68)
  }

  /// Why a file of `fileSize` bytes with this header cannot be a whole database, or nil.
  ///
  /// `walInUse` says a `-wal` file lies beside a WAL-mode database: another connection may
  /// be checkpointing it, and a checkpoint writes page 1 (with the new page count) before
  /// the file has grown to that size, so the header's page count is not checked then.
  func damage(fileSize: Int64, walInUse: Bool = false) -> String? {
    guard pageSize > 0 else { return "its header names an impossible page size" }
    if fileSize % Int64(pageSize) != 0 {
      return
        "it is \(fileSize) bytes long, not a whole number of \(pageSize)-byte pages (truncated or damaged)"
    }
    // SQLite trusts the in-header size only when it was written with the current change.
    if versionValidFor == changeCounter && pageCount > 0 && !(isWAL && walInUse) {
      let expected = Int64(pageCount) * Int64(pageSize)
      if fileSize < expected {
        return "it is truncated: its header says \(expected) bytes, the file has \(fileSize)"
      }
    }
    return nil
  }
}
