import Foundation
import GRDB
import ProgressStore
import Testing
import _TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// Every file the store refuses is left byte-for-byte unchanged with nothing created
/// beside it, and the message says what is wrong with it (issue 12).
@Suite struct ProgressFileSafetyTests {
  /// Every file in `folder` with its bytes (nil for what is not a regular file).
  static func snapshot(_ folder: String) throws -> [String: Data?] {
    var result: [String: Data?] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
      let path = folder + "/" + name
      var info = stat()
      lstat(path, &info)
      result[name] =
        info.st_mode & S_IFMT == S_IFREG ? FileManager.default.contents(atPath: path) : nil
    }
    return result
  }

  /// A progress file with a profile and an answer, closed and checkpointed.
  static func makeProgressFile(_ path: String) throws {
    let store = try ProgressStore.open(path: path)
    let profile = try store.profile(named: "default")
    try store.recordAttempt(
      QuizAttempt(
        profileId: profile.id!,
        questionId: "q1",
        topic: "pruning",
        mode: "quiz",
        answer: "A",
        correct: true,
        seconds: 3,
        answeredAt: Date()
      )
    )
  }

  /// Opens `path`, expects `expected`, and checks the folder did not change at all.
  static func expectRefusal(
    _ path: String,
    in folder: String,
    _ matches: (StoreError) -> Bool,
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let before = try snapshot(folder)
    do {
      _ = try ProgressStore.open(path: path, busyTimeout: 0.3)
      Issue.record("\(path) was opened", sourceLocation: sourceLocation)
    } catch {
      #expect(matches(error), "\(error)", sourceLocation: sourceLocation)
    }
    #expect(try snapshot(folder) == before, sourceLocation: sourceLocation)
  }

  @Test func anEmptyPathIsRefused() throws {
    #expect(throws: StoreError.emptyPath) { try ProgressStore.open(path: "") }
  }

  @Test func aFolderOrALinkToOneIsRefusedAsAFolder() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let directory = folder.file("progress.sqlite")
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
    let link = folder.file("link.sqlite")
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: directory)
    try Self.expectRefusal(directory, in: folder.path) { $0 == .isDirectory(path: directory) }
    try Self.expectRefusal(link, in: folder.path) { $0 == .isDirectory(path: link) }
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
  }

  @Test func aFIFOIsRefusedWithoutWaitingForAWriter() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let fifo = folder.file("progress.sqlite")
    #expect(mkfifo(fifo, 0o644) == 0)
    try Self.expectRefusal(fifo, in: folder.path) {
      $0 == .notRegularFile(path: fifo, kind: "a named pipe (FIFO)")
    }
  }

  @Test func aLinkToAMissingFileIsRefusedNotFollowedAndCreated() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let link = folder.file("progress.sqlite")
    try FileManager.default.createSymbolicLink(
      atPath: link,
      withDestinationPath: folder.file("elsewhere.sqlite")
    )
    try Self.expectRefusal(link, in: folder.path) {
      $0 == .notRegularFile(path: link, kind: "a symbolic link to a missing file")
    }
  }

  @Test func anEmptyFileIsNotTurnedIntoADatabase() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let path = folder.file("progress.sqlite")
    #expect(FileManager.default.createFile(atPath: path, contents: Data()))
    try Self.expectRefusal(path, in: folder.path) { $0 == .emptyFile(path: path) }
  }

  @Test func aCorruptFileWithAnSQLiteHeaderIsRefusedAndDoesNotGrow() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let path = folder.file("progress.sqlite")
    var bytes = Data("SQLite format 3\u{0}".utf8)
    bytes.append(Data(repeating: 0xAB, count: 4096))
    try bytes.write(to: URL(fileURLWithPath: path))
    try Self.expectRefusal(path, in: folder.path) {
      if case .damaged(path, _) = $0 { return true }
      return false
    }
  }

  @Test func aTruncatedProgressFileIsRefusedAsTruncated() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let path = folder.file("progress.sqlite")
    try Self.makeProgressFile(path)
    let whole = try Data(contentsOf: URL(fileURLWithPath: path))
    #expect(whole.count >= 8192)
    try whole.prefix(whole.count / 2 / 4096 * 4096).write(to: URL(fileURLWithPath: path))
    try Self.expectRefusal(path, in: folder.path) {
      if case .damaged(path, let reason) = $0 { return reason.contains("truncated") }
      return false
    }
    try whole.prefix(50).write(to: URL(fileURLWithPath: path))
    try Self.expectRefusal(path, in: folder.path) {
      if case .damaged(path, let reason) = $0 { return reason.contains("100-byte") }
      return false
    }
  }

  @Test(arguments: ["delete", "wal"])
  func anotherProgramsDatabaseGetsNoTablesAndNoWAL(journalMode: String) throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let path = folder.file("notes.db")
    do {
      let queue = try DatabaseQueue(path: path)
      try queue.writeWithoutTransaction { db in
        _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = \(journalMode)")
        try db.execute(sql: "CREATE TABLE note(id INTEGER PRIMARY KEY, body TEXT)")
        try db.execute(sql: "INSERT INTO note(body) VALUES ('mine')")
      }
      try queue.close()
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["notes.db"])
    try Self.expectRefusal(path, in: folder.path) {
      $0 == .foreignDatabase(path: path, detail: "its tables: note")
    }
  }

  @Test func aDatabaseWithAnotherApplicationIdIsRefused() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let path = folder.file("other.db")
    do {
      let queue = try DatabaseQueue(path: path)
      try queue.writeWithoutTransaction { db in
        try db.execute(sql: "PRAGMA application_id = 1234")
        try db.execute(sql: "CREATE TABLE profile(id INTEGER PRIMARY KEY)")
      }
      try queue.close()
    }
    try Self.expectRefusal(path, in: folder.path) {
      $0 == .foreignDatabase(path: path, detail: "its application id is 0x000004D2")
    }
  }

  @Test func anSQLiteDatabaseWithoutTablesIsNotTakenOver() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let path = folder.file("blank.db")
    do {
      let queue = try DatabaseQueue(path: path)
      try queue.writeWithoutTransaction { db in try db.execute(sql: "VACUUM") }
      try queue.close()
    }
    try Self.expectRefusal(path, in: folder.path) {
      if case .foreignDatabase(path, _) = $0 { return true }
      return false
    }
  }

  @Test func aNewerSchemaIsRefusedWithoutWALOrSHMFilesBesideIt() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let path = folder.file("progress.sqlite")
    try Self.makeProgressFile(path)
    do {
      let queue = try DatabaseQueue(path: path)
      try queue.write { db in
        try db.execute(sql: "INSERT INTO grdb_migrations(identifier) VALUES ('v99-future')")
      }
      try queue.close()
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["progress.sqlite"])
    try Self.expectRefusal(path, in: folder.path) {
      $0 == .newerSchema(path: path, unknownMigrations: ["v99-future"])
    }
  }

  @Test func aNewerSchemaVersionInTheHeaderIsRefused() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let path = folder.file("progress.sqlite")
    try Self.makeProgressFile(path)
    do {
      let queue = try DatabaseQueue(path: path)
      try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA user_version = 99") }
      try queue.close()
    }
    try Self.expectRefusal(path, in: folder.path) {
      if case .newerSchema(path, let unknown) = $0 {
        return unknown.first?.contains("schema version 99") == true
      }
      return false
    }
  }

  @Test func aFileOfAnEarlierVersionWithoutApplicationIdIsAdopted() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let path = folder.file("progress.sqlite")
    try Self.makeProgressFile(path)
    do {
      // What earlier versions wrote: the same tables, no application id, user_version 0.
      let queue = try DatabaseQueue(path: path)
      try queue.writeWithoutTransaction { db in
        try db.execute(sql: "PRAGMA application_id = 0")
        try db.execute(sql: "PRAGMA user_version = 0")
      }
      try queue.close()
    }
    let store = try ProgressStore.open(path: path)
    let profile = try store.profile(named: "default")
    #expect(try store.attempts(profileId: profile.id!).count == 1)
    let stamps = try DatabaseQueue(path: path).read { db in
      (
        try Int.fetchOne(db, sql: "PRAGMA application_id"),
        try Int.fetchOne(db, sql: "PRAGMA user_version")
      )
    }
    #expect(stamps.0 == 0x476F_6C64)
    #expect(stamps.1 == 3)  // v1-progress, v2-exams, v3-attempt-keys
  }

  @Test func aNewFileCarriesTheApplicationIdAndIsInWALModeFromTheStart() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let path = folder.file("progress.sqlite")
    _ = try ProgressStore.open(path: path)
    let header = try #require(FileManager.default.contents(atPath: path)).prefix(100)
    #expect(Array(header[68..<72]) == Array("Gold".utf8))
    #expect(header[18] == 2 && header[19] == 2)
    // No temporary file of the creation is left beside it.
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
    #expect(names.allSatisfy { $0.hasPrefix("progress.sqlite") })
  }

  @Test func aFileLockedByAnotherConnectionIsCalledLockedNotNotSQLite() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let path = folder.file("progress.sqlite")
    try Self.makeProgressFile(path)
    var configuration = Configuration()
    configuration.allowsUnsafeTransactions = true
    let locker = try DatabaseQueue(path: path, configuration: configuration)
    try locker.writeWithoutTransaction { db in
      _ = try String.fetchOne(db, sql: "PRAGMA locking_mode = EXCLUSIVE")
      try db.execute(sql: "BEGIN EXCLUSIVE")
      try db.execute(sql: "UPDATE profile SET name = name")
    }
    let before = try Data(contentsOf: URL(fileURLWithPath: path))
    #expect(throws: StoreError.locked(path: path)) {
      try ProgressStore.open(path: path, busyTimeout: 0.2)
    }
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    try locker.writeWithoutTransaction { db in try db.execute(sql: "ROLLBACK") }
    try locker.close()
    _ = try ProgressStore.open(path: path)
  }

  @Test func manyOpenersOfOneNewFileAtOnceAllSucceed() throws {
    for _ in 0..<10 {
      let folder = try TemporaryDirectory()
      defer { folder.remove() }
      let path = folder.file("progress.sqlite")
      let errors = ErrorBox()
      DispatchQueue.concurrentPerform(iterations: 6) { worker in
        do {
          let store = try ProgressStore.open(path: path)
          try store.createProfile(named: "w\(worker)")
        } catch {
          errors.add("\(error)")
        }
      }
      #expect(errors.all.isEmpty, "\(errors.all)")
      #expect(try ProgressStore.open(path: path).profiles().count == 6)
    }
  }

  @Test func messagesNameWhatIsWrong() {
    let path = "/tmp/p.sqlite"
    let texts: [(StoreError, String)] = [
      (.emptyPath, "empty value"),
      (.isDirectory(path: path), "is a folder"),
      (.notRegularFile(path: path, kind: "a named pipe (FIFO)"), "FIFO"),
      (.emptyFile(path: path), "empty file"),
      (.notSQLite(path: path), "not an SQLite file"),
      (.foreignDatabase(path: path, detail: "its tables: note"), "another program's"),
      (.newerSchema(path: path, unknownMigrations: ["v9"]), "newer Goldilocks"),
      (.locked(path: path), "locked"),
      (.notWritable(path: path, reason: "its folder is read-only"), "folder is read-only"),
      (.damaged(path: path, reason: "it is truncated"), "truncated"),
    ]
    for (error, text) in texts {
      #expect(error.description.contains(text), "\(error)")
      #expect(!error.description.contains("\n"))
    }
  }
}
