import Foundation
import GRDB
import ProgressStore
import Testing
import _TestSupport

@Suite struct ProgressStoreTests {
  @Test func migrationsRunFromAnEmptyDatabase() throws {
    let store = try ProgressStore.inMemory()
    #expect(try store.appliedMigrations() == ["v1-progress", "v2-exams", "v3-attempt-keys"])
  }

  @Test func defaultProfileIsCreatedOnFirstUse() throws {
    let store = try ProgressStore.inMemory()
    let profile = try store.profile(named: ProgressStore.defaultProfileName)
    #expect(profile.name == "default")
    #expect(try store.profiles().map(\.name) == ["default"])
  }

  @Test func unknownProfileIsAnErrorNotACreation() throws {
    let store = try ProgressStore.inMemory()
    #expect(throws: StoreError.unknownProfile("zoe")) { try store.profile(named: "zoe") }
    #expect(try store.profiles().isEmpty)
  }

  @Test func profilesCanBeCreatedSwitchedRenamedAndDeleted() throws {
    let store = try ProgressStore.inMemory()
    try store.createProfile(named: "alice")
    #expect(throws: StoreError.profileExists("alice")) { try store.createProfile(named: "alice") }
    #expect(throws: StoreError.invalidProfileName("a b")) { try store.createProfile(named: "a b") }
    try store.switchProfile(to: "alice")
    #expect(try store.currentProfileName() == "alice")
    try store.renameProfile(from: "alice", to: "ann")
    #expect(try store.currentProfileName() == "ann")
    try store.deleteProfile(named: "ann")
    #expect(try store.currentProfileName() == nil)
    #expect(try store.profiles().isEmpty)
  }

  @Test func deletingAProfileDeletesItsProgress() throws {
    let store = try ProgressStore.inMemory()
    let alice = try store.createProfile(named: "alice")
    let bob = try store.createProfile(named: "bob")
    for profile in [alice, bob] {
      try store.recordAttempt(
        QuizAttempt(
          profileId: profile.id!,
          questionId: "pruning-001",
          topic: "pruning",
          mode: "quiz",
          answer: "B",
          correct: true,
          seconds: 3,
          answeredAt: Date()
        )
      )
    }
    try store.deleteProfile(named: "alice")
    #expect(try store.attempts(profileId: alice.id!).isEmpty)
    #expect(try store.attempts(profileId: bob.id!).count == 1)
  }

  @Test func summaryCountsAnswersPerTopicAndTheStreak() throws {
    let store = try ProgressStore.inMemory()
    let profile = try store.profile(named: "default")
    let id = try #require(profile.id)
    let now = Date(timeIntervalSince1970: 1_790_000_000)
    for (offset, correct) in [(0.0, true), (-86_400.0, false), (-2 * 86_400.0, true)] {
      try store.recordAttempt(
        QuizAttempt(
          profileId: id,
          questionId: "q\(offset)",
          topic: "pruning",
          mode: "quiz",
          answer: "A",
          correct: correct,
          seconds: 10,
          answeredAt: now.addingTimeInterval(offset)
        )
      )
    }
    try store.recordRead(
      SectionRead(
        profileId: id,
        sectionId: "prune-magnitude",
        chapterId: "pruning",
        readAt: now,
        seconds: 60
      )
    )
    let summary = try store.summary(profileId: id, now: now)
    #expect(summary.attempts == 3)
    #expect(summary.correct == 2)
    #expect(summary.sectionsRead == 1)
    #expect(summary.streakDays == 3)
    #expect(summary.secondsSpent == 90)
    #expect(summary.topics.map(\.topic) == ["pruning"])
  }

  @Test func aFileThatIsNotSQLiteIsRefusedAndLeftUnchanged() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let path = folder.file("notes.sqlite")
    let content = Data("these are my notes, not a database\n".utf8)
    try content.write(to: URL(fileURLWithPath: path))
    #expect(throws: StoreError.notSQLite(path: path)) { try ProgressStore.open(path: path) }
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == content)
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["notes.sqlite"])
  }

  @Test func aDatabaseFromANewerSchemaIsRefusedAndLeftUnchanged() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let path = folder.file("progress.sqlite")
    do {
      let store = try ProgressStore.open(path: path)
      _ = try store.profile(named: "default")
    }
    let queue = try DatabaseQueue(path: path)
    try queue.write { db in
      try db.execute(sql: "INSERT INTO grdb_migrations(identifier) VALUES ('v99-future')")
    }
    try queue.writeWithoutTransaction { db in
      try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
    }
    try queue.close()
    let before = try Data(contentsOf: URL(fileURLWithPath: path))
    #expect(throws: StoreError.newerSchema(path: path, unknownMigrations: ["v99-future"])) {
      try ProgressStore.open(path: path)
    }
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
  }

  @Test func aReadOnlyFileIsRefusedAndLeftUnchanged() throws {
    guard getuid() != 0 else {
      // root can write any file, so a read-only mode does not stop it; check the folder case.
      let folder = try TemporaryDirectory()
      defer { folder.remove() }
      let path = folder.path + "/missing/deeper/progress.sqlite"
      #expect(throws: StoreError.self) {
        try ProgressStore.open(path: path, createDirectory: false)
      }
      #expect(!FileManager.default.fileExists(atPath: folder.path + "/missing"))
      return
    }
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let path = folder.file("progress.sqlite")
    _ = try ProgressStore.open(path: path)
    try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: path)
    let before = try Data(contentsOf: URL(fileURLWithPath: path))
    #expect(throws: StoreError.self) { try ProgressStore.open(path: path) }
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
  }

  @Test func twoStoresOnOneFileCanWriteAtTheSameTime() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let path = folder.file("shared.sqlite")
    let first = try ProgressStore.open(path: path)
    let second = try ProgressStore.open(path: path)
    let errors = ErrorBox()
    DispatchQueue.concurrentPerform(iterations: 2) { worker in
      let store = worker == 0 ? first : second
      for index in 0..<50 {
        do {
          try store.createProfile(named: "w\(worker)-\(index)")
        } catch {
          errors.add("\(error)")
        }
      }
    }
    #expect(errors.all.isEmpty)
    #expect(try first.profiles().count == 100)
  }

  @Test func theDatabaseFolderIsCreatedOnFirstUse() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let path = folder.path + "/xdg/goldilocks/progress.sqlite"
    _ = try ProgressStore.open(path: path)
    #expect(FileManager.default.fileExists(atPath: path))
  }
}

/// Collects error messages from several threads.
final class ErrorBox: @unchecked Sendable {
  private let lock = NSLock()
  private var messages: [String] = []

  func add(_ message: String) {
    lock.lock()
    messages.append(message)
    lock.unlock()
  }

  var all: [String] {
    lock.lock()
    defer { lock.unlock() }
    return messages
  }
}
