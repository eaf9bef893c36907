import Foundation
import GRDB

#if canImport(Glibc)
import Glibc
#endif

/// Judges a path before the progress store opens it for writing, so that a file which is
/// not Goldilocks's own is refused byte-for-byte unchanged, with nothing created beside it.
///
/// The rule: look at the file's type and header bytes without SQLite, read its schema only
/// through a connection that can write nothing (an immutable read when no other process
/// has it open), and never create or convert a file Goldilocks did not create. Files made
/// by earlier versions (without the application id) are recognised by their schema.
enum ProgressFileInspector {
  /// What was found at the path.
  enum Finding: Equatable {
    /// Nothing: the store may create the file.
    case missing
    /// A Goldilocks progress file; `adopt` when it predates the application id.
    case progressFile(adopt: Bool)
  }

  /// `PRAGMA application_id` of every progress file: "Gold" in ASCII.
  static let applicationId: UInt32 = 0x476F_6C64

  /// Tables whose presence (with the first migration recorded) marks a file as one that
  /// an earlier Goldilocks created.
  static let signatureTables: Set<String> = ["grdb_migrations", "profile", "quizAttempt"]

  /// Looks at `path` and says whether the store may open it; throws why not.
  static func inspect(
    path: String,
    schemaVersion: Int,
    knownMigrations: [String],
    busyTimeout: TimeInterval
  ) throws(StoreError) -> Finding {
    guard !path.isEmpty else { throw StoreError.emptyPath }
    if path.hasPrefix("postgres://") || path.hasPrefix("postgresql://") {
      throw StoreError.badServerURL(
        url: redacted(path),
        reason: "a server URL is opened by the PostgreSQL store, not as an SQLite file"
      )
    }
    var info = stat()
    if lstat(path, &info) != 0 {
      let code = errno
      if code == ENOENT { return .missing }
      throw pathError(path: path, code: code)
    }
    if info.st_mode & S_IFMT == S_IFLNK {
      if stat(path, &info) != 0 {
        let code = errno
        if code == ENOENT {
          throw StoreError.notRegularFile(path: path, kind: "a symbolic link to a missing file")
        }
        throw pathError(path: path, code: code)
      }
    }
    try requireRegularFile(path: path, mode: info.st_mode)
    guard info.st_size > 0 else { throw StoreError.emptyFile(path: path) }
    let header = try readHeader(path: path, fileSize: Int64(info.st_size))
    if header.applicationId != 0 && header.applicationId != applicationId {
      throw StoreError.foreignDatabase(
        path: path,
        detail: "its application id is " + hex(header.applicationId)
      )
    }
    if header.applicationId == applicationId && Int(header.userVersion) > schemaVersion {
      throw StoreError.newerSchema(
        path: path,
        unknownMigrations: ["schema version \(header.userVersion), this one knows \(schemaVersion)"]
      )
    }
    let schema = try readSchema(path: path, header: header, busyTimeout: busyTimeout)
    let isEarlierGoldilocks =
      signatureTables.isSubset(of: schema.tables)
      && schema.migrations.contains(knownMigrations.first ?? "")
    guard header.applicationId == applicationId || isEarlierGoldilocks else {
      if schema.tables.isEmpty {
        throw StoreError.foreignDatabase(
          path: path,
          detail: "an SQLite database without tables that Goldilocks did not create"
        )
      }
      let shown = schema.tables.prefix(5).joined(separator: ", ")
      let more = schema.tables.count > 5 ? " and \(schema.tables.count - 5) more" : ""
      throw StoreError.foreignDatabase(path: path, detail: "its tables: \(shown)\(more)")
    }
    let unknown = schema.migrations.subtracting(knownMigrations).sorted()
    if !unknown.isEmpty {
      throw StoreError.newerSchema(path: path, unknownMigrations: unknown)
    }
    return .progressFile(adopt: header.applicationId != applicationId)
  }

  /// Refuses folders, FIFOs, sockets and devices before anything opens them (opening a
  /// FIFO for reading would wait for a writer forever).
  static func requireRegularFile(path: String, mode: mode_t) throws(StoreError) {
    switch mode & S_IFMT {
    case S_IFREG: return
    case S_IFDIR: throw StoreError.isDirectory(path: path)
    case S_IFIFO: throw StoreError.notRegularFile(path: path, kind: "a named pipe (FIFO)")
    case S_IFSOCK: throw StoreError.notRegularFile(path: path, kind: "a socket")
    case S_IFCHR, S_IFBLK: throw StoreError.notRegularFile(path: path, kind: "a device")
    default: throw StoreError.notRegularFile(path: path, kind: "not a regular file")
    }
  }

  /// The error for a failed `stat`/`open` of `path`.
  static func pathError(path: String, code: Int32) -> StoreError {
    switch code {
    case EACCES:
      return .notReadable(path: path, reason: "permission denied")
    case ENOTDIR:
      return .notReadable(path: path, reason: "a part of its path is a file, not a folder")
    case ELOOP:
      return .notReadable(path: path, reason: "its symbolic links form a loop")
    case ENAMETOOLONG:
      return .notReadable(path: path, reason: "the path is too long")
    default:
      return .notReadable(path: path, reason: String(cString: strerror(code)))
    }
  }

  /// Reads the 100-byte header with a plain, non-blocking read.
  static func readHeader(path: String, fileSize: Int64) throws(StoreError) -> SQLiteHeader {
    let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
    guard descriptor >= 0 else { throw pathError(path: path, code: errno) }
    defer { close(descriptor) }
    var info = stat()
    if fstat(descriptor, &info) == 0 {
      try requireRegularFile(path: path, mode: info.st_mode)
    }
    var bytes = [UInt8](repeating: 0, count: SQLiteHeader.length)
    var count = 0
    while count < bytes.count {
      let got = bytes.withUnsafeMutableBytes { buffer in
        read(descriptor, buffer.baseAddress! + count, buffer.count - count)
      }
      if got < 0 && errno == EINTR { continue }
      guard got > 0 else { break }
      count += got
    }
    let data = Data(bytes[0..<count])
    guard data.count >= 16, data.prefix(16) == SQLiteHeader.magic else {
      throw StoreError.notSQLite(path: path)
    }
    guard let header = SQLiteHeader(data) else {
      throw StoreError.damaged(path: path, reason: "it is shorter than the 100-byte SQLite header")
    }
    let walInUse = header.isWAL && FileManager.default.fileExists(atPath: path + "-wal")
    if let damage = header.damage(fileSize: fileSize, walInUse: walInUse) {
      throw StoreError.damaged(path: path, reason: damage)
    }
    return header
  }

  /// The tables and applied migrations, read through a connection that writes nothing.
  ///
  /// When no other process has the file open (its `-wal` or `-shm` is missing) it is read
  /// as immutable, so SQLite creates no `-wal`/`-shm` beside it; otherwise those files
  /// exist already and a read-only connection shares them and honours their locks.
  static func readSchema(path: String, header: SQLiteHeader, busyTimeout: TimeInterval)
    throws(StoreError) -> (tables: Set<String>, migrations: Set<String>)
  {
    let fileManager = FileManager.default
    let shared =
      fileManager.fileExists(atPath: path + "-wal") && fileManager.fileExists(atPath: path + "-shm")
    var configuration = Configuration()
    configuration.readonly = true
    configuration.busyMode = .timeout(busyTimeout)
    configuration.label = "inspection"
    let location = header.isWAL && !shared ? immutableURI(path) : readOnlyURI(path)
    do {
      let queue = try DatabaseQueue(path: location, configuration: configuration)
      defer { try? queue.close() }
      return try queue.read { db in
        let tables = try String.fetchSet(
          db,
          sql:
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
        )
        let migrations =
          tables.contains("grdb_migrations")
          ? try String.fetchSet(db, sql: "SELECT identifier FROM grdb_migrations") : []
        return (tables, migrations)
      }
    } catch let error as DatabaseError {
      throw storeError(error, path: path)
    } catch {
      throw StoreError.damaged(path: path, reason: "\(error)")
    }
  }

  /// The learner-facing error for an SQLite error on `path`.
  static func storeError(_ error: DatabaseError, path: String) -> StoreError {
    switch error.resultCode {
    case .SQLITE_BUSY, .SQLITE_LOCKED:
      return .locked(path: path)
    case .SQLITE_NOTADB:
      return .notSQLite(path: path)
    case .SQLITE_CORRUPT, .SQLITE_FORMAT:
      return .damaged(
        path: path,
        reason: "SQLite: \(error.message ?? "database disk image is malformed")"
      )
    case .SQLITE_READONLY:
      return .notWritable(path: path, reason: "SQLite: \(error.message ?? "read-only")")
    case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_AUTH:
      return .notReadable(path: path, reason: "SQLite cannot open it: \(error.message ?? "")")
    case .SQLITE_FULL:
      return .database(path: path, message: "the disk is full")
    default:
      return .database(path: path, message: "\(error)")
    }
  }

  /// A `file:` URI that opens `path` read-only and immutable (no locks, no side files).
  static func immutableURI(_ path: String) -> String {
    "file:" + encode(absolute(path)) + "?mode=ro&immutable=1"
  }

  /// A `file:` URI that opens `path` read-only.
  static func readOnlyURI(_ path: String) -> String {
    "file:" + encode(absolute(path)) + "?mode=ro"
  }

  static func absolute(_ path: String) -> String {
    path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
  }

  /// Percent-encodes everything but unreserved characters and `/`, as SQLite's URI
  /// filenames require for `?`, `#` and `%`.
  static func encode(_ path: String) -> String {
    let allowed = CharacterSet(
      charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/-._~"
    )
    return path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
  }

  /// A server URL without the password, should one have been written into it.
  static func redacted(_ url: String) -> String {
    guard var components = URLComponents(string: url), components.password != nil else {
      return url
    }
    components.password = nil
    return components.string ?? url
  }

  static func hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return "0x" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
  }
}
