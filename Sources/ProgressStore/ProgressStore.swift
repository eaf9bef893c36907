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
    // Two processes may open a new file at once; each migration is one transaction, so
    // the loser of that race rolls back and, on the next try, finds the schema in place.
    var attempt = 0
    while true {
      do {
        try Self.migrator.migrate(writer)
        return
      } catch {
        attempt += 1
        if attempt >= 5 { throw StoreError.database(path: path, message: "\(error)") }
        usleep(UInt32(20_000 * attempt))
      }
    }
  }

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
  /// A file that is not SQLite, comes from a newer schema or cannot be written is
  /// refused before anything is written to it, so it stays byte-for-byte unchanged.
  public static func open(path: String, createDirectory: Bool = true) throws(StoreError)
    -> ProgressStore
  {
    let fileManager = FileManager.default
    let directory = (path as NSString).deletingLastPathComponent
    let folder = directory.isEmpty ? "." : directory
    if fileManager.fileExists(atPath: path) {
      try checkExistingFile(path: path, folder: folder)
    } else if !fileManager.fileExists(atPath: folder) {
      guard createDirectory else {
        throw StoreError.cannotCreateDirectory(path: folder, reason: "it does not exist")
      }
      do {
        try fileManager.createDirectory(atPath: folder, withIntermediateDirectories: true)
      } catch {
        throw StoreError.cannotCreateDirectory(path: folder, reason: error.localizedDescription)
      }
    } else if access(folder, W_OK) != 0 {
      throw StoreError.notWritable(path: path, reason: "its folder is read-only")
    }
    var configuration = Configuration()
    configuration.busyMode = .timeout(10)
    configuration.prepareDatabase { db in
      try db.execute(sql: "PRAGMA synchronous = FULL")
    }
    do {
      let pool = try DatabasePool(path: path, configuration: configuration)
      return try ProgressStore(path: path, writer: pool)
    } catch let error as StoreError {
      throw error
    } catch {
      throw StoreError.database(path: path, message: "\(error)")
    }
  }

  private static func checkExistingFile(path: String, folder: String) throws(StoreError) {
    guard access(path, R_OK) == 0 else {
      throw StoreError.notWritable(path: path, reason: "it cannot be read")
    }
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw StoreError.notWritable(path: path, reason: "it cannot be opened")
    }
    let header = handle.readData(ofLength: 16)
    try? handle.close()
    if !header.isEmpty && header != Data("SQLite format 3\u{0}".utf8) {
      throw StoreError.notSQLite(path: path)
    }
    if !header.isEmpty {
      var configuration = Configuration()
      configuration.readonly = true
      configuration.busyMode = .timeout(10)
      do {
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        let unknown = try queue.read { db -> [String] in
          let applied = try migrator.appliedIdentifiers(db)
          return applied.subtracting(migrator.migrations).sorted()
        }
        try queue.close()
        if !unknown.isEmpty {
          throw StoreError.newerSchema(path: path, unknownMigrations: unknown)
        }
      } catch let error as StoreError {
        throw error
      } catch {
        throw StoreError.notSQLite(path: path)
      }
    }
    guard access(path, W_OK) == 0 else {
      throw StoreError.notWritable(path: path, reason: "the file is read-only")
    }
    guard access(folder, W_OK) == 0 else {
      throw StoreError.notWritable(path: path, reason: "its folder is read-only")
    }
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
