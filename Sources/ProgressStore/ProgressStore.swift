import Foundation
import GRDB

#if canImport(Glibc)
import Glibc
#endif

/// The learner's progress in one SQLite file: profiles, reading, answers, review cards,
/// calculator experiments and scenario runs, all keyed by stable content ids.
///
/// Every write is one transaction, committed before the call returns, so what the
/// learner was told about survives a crash. The file is opened in WAL mode with a busy
/// timeout, so two REPLs can use it at once.
public final class ProgressStore: Sendable {
  /// The path of the file, or `:memory:` for an in-memory store.
  public let path: String
  private let writer: any DatabaseWriter

  private init(path: String, writer: any DatabaseWriter) throws(StoreError) {
    self.path = path
    self.writer = writer
    try Self.migrate(writer, path: path)
  }

  /// Brings the schema up to date and stamps the file as Goldilocks's own.
  ///
  /// Nothing is written when the file is current, so opening a file another process is
  /// writing does not queue for its lock. Two processes may migrate a file at once: each
  /// migration is one transaction, so the loser of that race rolls back and, on the next
  /// try, finds the schema in place.
  private static func migrate(_ writer: any DatabaseWriter, path: String) throws(StoreError) {
    let migrator = Self.migrator
    let version = Self.schemaVersion
    var attempt = 0
    while true {
      do {
        let current = try writer.read { db in
          (
            try migrator.hasCompletedMigrations(db),
            try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0,
            try Int64.fetchOne(db, sql: "PRAGMA application_id") ?? 0
          )
        }
        if current == (true, version, Int64(ProgressFileInspector.applicationId)) { return }
        if !current.0 { try migrator.migrate(writer) }
        try writer.write { db in
          try db.execute(sql: "PRAGMA application_id = \(ProgressFileInspector.applicationId)")
          try db.execute(sql: "PRAGMA user_version = \(version)")
        }
        return
      } catch let error as DatabaseError
        where (error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED)
        && attempt < 4
      {
        attempt += 1
        usleep(UInt32(20_000 * attempt))
      } catch let error as DatabaseError {
        throw ProgressFileInspector.storeError(error, path: path)
      } catch {
        throw StoreError.database(path: path, message: "\(error)")
      }
    }
  }

  /// The schema version kept in `PRAGMA user_version`: how many migrations exist.
  static var schemaVersion: Int { migrator.migrations.count }

  /// An empty store in memory, for tests.
  public static func inMemory() throws(StoreError) -> ProgressStore {
    do {
      return try ProgressStore(path: ":memory:", writer: DatabaseQueue())
    } catch let error as StoreError {
      throw error
    } catch {
      throw StoreError.database(path: ":memory:", message: "\(error)")
    }
  }

  /// Opens (or creates) the progress file at `path`.
  ///
  /// The path is judged before anything opens it for writing (see
  /// `ProgressFileInspector`): a folder, a FIFO, an empty file, a file that is not SQLite,
  /// another program's database, a damaged or truncated file, a file from a newer
  /// Goldilocks, a locked file or one that cannot be written is refused with its own
  /// message and left byte-for-byte unchanged, with nothing created beside it. A new file
  /// is built completely under a temporary name and then linked into place, so another
  /// process never sees it half made.
  ///
  /// - Parameter busyTimeout: How long to wait for another process's lock.
  public static func open(
    path: String,
    createDirectory: Bool = true,
    busyTimeout: TimeInterval = 10
  ) throws(StoreError) -> ProgressStore {
    var finding = try inspect(path: path, busyTimeout: busyTimeout)
    let directory = (path as NSString).deletingLastPathComponent
    let folder = directory.isEmpty ? "." : directory
    if finding == .missing {
      try prepareFolder(folder, create: createDirectory)
      try createFile(at: path, folder: folder, busyTimeout: busyTimeout)
      finding = try inspect(path: path, busyTimeout: busyTimeout)
    }
    guard access(path, W_OK) == 0 else {
      throw StoreError.notWritable(path: path, reason: "the file is read-only")
    }
    guard access(folder, W_OK) == 0 else {
      let name = (path as NSString).lastPathComponent
      throw StoreError.notWritable(
        path: path,
        reason:
          "its folder is read-only, and SQLite needs to create \(name)-wal and \(name)-shm beside it"
      )
    }
    var configuration = Configuration()
    configuration.busyMode = .timeout(busyTimeout)
    var attempt = 0
    while true {
      do {
        let pool = try DatabasePool(path: path, configuration: configuration)
        // GRDB sets `synchronous = NORMAL` with WAL; FULL also survives a power cut.
        try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        return try ProgressStore(path: path, writer: pool)
      } catch let error as StoreError {
        throw error
      } catch let error as DatabaseError
        where (error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED)
        && attempt < 4
      {
        attempt += 1
        usleep(UInt32(50_000 * attempt))
      } catch let error as DatabaseError {
        throw ProgressFileInspector.storeError(error, path: path)
      } catch {
        throw StoreError.database(path: path, message: "\(error)")
      }
    }
  }

  private static func inspect(path: String, busyTimeout: TimeInterval) throws(StoreError)
    -> ProgressFileInspector.Finding
  {
    try ProgressFileInspector.inspect(
      path: path,
      schemaVersion: schemaVersion,
      knownMigrations: migrator.migrations,
      busyTimeout: busyTimeout
    )
  }

  /// Makes sure the folder of a new file exists and can be written.
  private static func prepareFolder(_ folder: String, create: Bool) throws(StoreError) {
    let fileManager = FileManager.default
    var isDirectory: ObjCBool = false
    if fileManager.fileExists(atPath: folder, isDirectory: &isDirectory) {
      guard isDirectory.boolValue else {
        throw StoreError.cannotCreateDirectory(path: folder, reason: "a file has that name")
      }
    } else {
      guard create else {
        throw StoreError.cannotCreateDirectory(path: folder, reason: "it does not exist")
      }
      do {
        try fileManager.createDirectory(atPath: folder, withIntermediateDirectories: true)
      } catch {
        throw StoreError.cannotCreateDirectory(path: folder, reason: error.localizedDescription)
      }
    }
    guard access(folder, W_OK) == 0 else {
      throw StoreError.cannotCreateDirectory(path: folder, reason: "the folder is read-only")
    }
  }

  /// Builds a new, migrated progress file in WAL mode under a temporary name beside
  /// `path`, then links it into place; when another process linked its own first, that
  /// one is kept and this one removed.
  private static func createFile(at path: String, folder: String, busyTimeout: TimeInterval)
    throws(StoreError)
  {
    let name = (path as NSString).lastPathComponent
    let suffix = UUID().uuidString.prefix(8)
    let temporary =
      folder + "/.\(name).\(ProcessInfo.processInfo.processIdentifier).\(suffix).creating"
    func removeTemporary() {
      for extra in ["", "-wal", "-shm", "-journal"] { unlink(temporary + extra) }
    }
    do {
      var configuration = Configuration()
      configuration.busyMode = .timeout(busyTimeout)
      let queue = try DatabaseQueue(path: temporary, configuration: configuration)
      try migrate(queue, path: path)
      // The switch to WAL happens once, here, while no other process can see the file.
      let mode = try queue.writeWithoutTransaction { db in
        try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
      }
      try queue.close()
      guard mode == "wal" else {
        removeTemporary()
        throw StoreError.database(path: path, message: "SQLite could not switch it to WAL mode")
      }
    } catch let error as StoreError {
      removeTemporary()
      throw error
    } catch let error as DatabaseError {
      removeTemporary()
      throw ProgressFileInspector.storeError(error, path: path)
    } catch {
      removeTemporary()
      throw StoreError.database(path: path, message: "\(error)")
    }
    defer { removeTemporary() }
    if link(temporary, path) == 0 { return }
    let code = errno
    // Another process created the file first: use theirs.
    if code == EEXIST { return }
    // File systems without hard links: rename, unless the name appeared meanwhile.
    if code == EPERM || code == ENOTSUP || code == EOPNOTSUPP || code == EMLINK {
      var info = stat()
      if lstat(path, &info) == 0 { return }
      if rename(temporary, path) == 0 { return }
    }
    throw StoreError.notWritable(path: path, reason: String(cString: strerror(code)))
  }

  /// The schema, as named migrations that are only ever appended to.
  static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1-progress") { db in
      try db.create(table: "profile") { t in
        t.autoIncrementedPrimaryKey("id")
        t.column("name", .text).notNull().unique(onConflict: .abort)
        t.column("createdAt", .datetime).notNull()
      }
      try db.create(table: "setting") { t in
        t.primaryKey("key", .text)
        t.column("value", .text).notNull()
      }
      try db.create(table: "sectionRead") { t in
        t.column("profileId", .integer).notNull().references("profile", onDelete: .cascade)
        t.column("sectionId", .text).notNull()
        t.column("chapterId", .text).notNull()
        t.column("readAt", .datetime).notNull()
        t.column("seconds", .double).notNull()
      }
      try db.create(index: "sectionRead_profile", on: "sectionRead", columns: ["profileId"])
      try db.create(table: "quizAttempt") { t in
        t.autoIncrementedPrimaryKey("id")
        t.column("profileId", .integer).notNull().references("profile", onDelete: .cascade)
        t.column("questionId", .text).notNull()
        t.column("topic", .text).notNull()
        t.column("mode", .text).notNull()
        t.column("answer", .text).notNull()
        t.column("correct", .boolean).notNull()
        t.column("seconds", .double).notNull()
        t.column("answeredAt", .datetime).notNull()
      }
      try db.create(
        index: "quizAttempt_profile_question",
        on: "quizAttempt",
        columns: ["profileId", "questionId"]
      )
      try db.create(table: "reviewCard") { t in
        t.column("profileId", .integer).notNull().references("profile", onDelete: .cascade)
        t.column("questionId", .text).notNull()
        t.column("state", .text).notNull()
        t.column("step", .integer)
        t.column("stability", .double)
        t.column("difficulty", .double)
        t.column("due", .datetime).notNull()
        t.column("lastReview", .datetime)
        t.primaryKey(["profileId", "questionId"])
      }
      try db.create(table: "reviewLog") { t in
        t.autoIncrementedPrimaryKey("id")
        t.column("profileId", .integer).notNull().references("profile", onDelete: .cascade)
        t.column("questionId", .text).notNull()
        t.column("rating", .text).notNull()
        t.column("reviewedAt", .datetime).notNull()
        t.column("durationMs", .integer).notNull()
      }
      try db.create(table: "experiment") { t in
        t.autoIncrementedPrimaryKey("id")
        t.column("profileId", .integer).notNull().references("profile", onDelete: .cascade)
        t.column("command", .text).notNull()
        t.column("spec", .text).notNull()
        t.column("resultJSON", .text).notNull()
        t.column("createdAt", .datetime).notNull()
      }
      try db.create(table: "scenarioRun") { t in
        t.autoIncrementedPrimaryKey("id")
        t.column("profileId", .integer).notNull().references("profile", onDelete: .cascade)
        t.column("scenarioId", .text).notNull()
        t.column("decision", .text).notNull()
        t.column("correct", .boolean).notNull()
        t.column("resultJSON", .text).notNull()
        t.column("createdAt", .datetime).notNull()
      }
    }
    migrator.registerMigration("v2-exams") { db in
      try db.create(table: "examResult") { t in
        t.autoIncrementedPrimaryKey("id")
        t.column("profileId", .integer).notNull().references("profile", onDelete: .cascade)
        t.column("exam", .text).notNull()
        t.column("questions", .integer).notNull()
        t.column("correct", .integer).notNull()
        t.column("minutes", .double).notNull()
        t.column("startedAt", .datetime).notNull()
        t.column("finishedAt", .datetime).notNull()
        t.column("detailJSON", .text).notNull()
      }
    }
    migrator.registerMigration("v3-attempt-keys") { db in
      // The key a client gives an answer, so that a retried write cannot store it twice.
      try db.alter(table: "quizAttempt") { t in t.add(column: "attemptKey", .text) }
      try db.create(
        index: "quizAttempt_profile_key",
        on: "quizAttempt",
        columns: ["profileId", "attemptKey"],
        unique: true
      )
    }
    return migrator
  }

  /// The names of the migrations applied to this file, oldest first.
  public func appliedMigrations() throws(StoreError) -> [String] {
    try read { db in try Self.migrator.appliedMigrations(db) }
  }

  func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
    do {
      return try writer.read(body)
    } catch let error as StoreError {
      throw error
    } catch {
      throw StoreError.database(path: path, message: "\(error)")
    }
  }

  func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
    do {
      return try writer.write(body)
    } catch let error as StoreError {
      throw error
    } catch {
      throw StoreError.database(path: path, message: "\(error)")
    }
  }
}
