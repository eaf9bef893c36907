import Foundation
import GoldilocksCommands
import ProgressStore
import Testing
import _TestSupport

@testable import PostgresProgressStore

#if canImport(Glibc)
import Glibc
#endif

/// `import` takes a whole archive or nothing, and nothing out of range gets into the
/// store; `export` never overwrites or leaves a partial file (issue 12).
@Suite struct ProgressArchiveTests {
  /// A valid archive with one record of each kind, as JSON objects.
  static func archive() -> [String: Any] {
    let time = 1_790_000_000.0
    return [
      "format": "goldilocks-progress",
      "version": 1,
      "profile": "default",
      "exportedAt": time,
      "reads": [
        ["sectionId": "prune-magnitude", "chapterId": "pruning", "readAt": time, "seconds": 60]
      ],
      "attempts": [
        [
          "questionId": "pruning-001", "topic": "pruning", "mode": "quiz", "answer": "B",
          "correct": true, "seconds": 12.5, "answeredAt": time,
        ],
        [
          "questionId": "pruning-002", "topic": "pruning", "mode": "quiz", "answer": "A",
          "correct": false, "seconds": 8, "answeredAt": time + 60,
        ],
      ],
      "cards": [
        [
          "questionId": "pruning-001", "state": "review", "step": NSNull(), "stability": 3.2,
          "difficulty": 5.1, "due": time + 86_400, "lastReview": time,
        ]
      ],
      "reviews": [
        ["questionId": "pruning-001", "rating": "good", "reviewedAt": time, "durationMs": 4000]
      ],
    ]
  }

  /// Sets `value` at a path like `attempts.1.seconds` in an archive.
  static func setting(_ value: Any, at path: String, in object: [String: Any]) -> [String: Any] {
    var keys = path.split(separator: ".").map(String.init)
    var copy = object
    let first = keys.removeFirst()
    if keys.isEmpty {
      copy[first] = value
      return copy
    }
    var list = copy[first] as! [[String: Any]]
    let index = Int(keys.removeFirst())!
    list[index][keys.removeFirst()] = value
    copy[first] = list
    return copy
  }

  static func write(_ object: [String: Any], to path: String) throws {
    let data = try JSONSerialization.data(withJSONObject: object)
    try data.write(to: URL(fileURLWithPath: path))
  }

  @Test func aValidArchiveIsImported() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let file = folder.file("progress.json")
    try Self.write(Self.archive(), to: file)
    let result = runCommand(["import", file], db: folder.file("p.sqlite"))
    #expect(result.status == 0, "\(result.err)")
    expectSnapshot(
      maskingTemporaryFolder(result.out, folder.path),
      named: "import-a-valid-archive",
      group: "ProgressArchiveTests"
    )
  }

  @Test func anOutOfRangeFieldRejectsTheWholeArchiveNamingItsPath() throws {
    let cases: [(field: String, json: String)] = [
      ("attempts.1.seconds", "1e308"), ("attempts.0.seconds", "-3"), ("reads.0.readAt", "1e15"),
      ("attempts.0.answeredAt", "-1e12"), ("cards.0.due", "4e11"), ("cards.0.stability", "-1"),
      ("cards.0.difficulty", "50"), ("cards.0.step", "-2"), ("cards.0.state", "\"mastered\""),
      ("reviews.0.durationMs", "-5"), ("reviews.0.rating", "\"meh\""),
      ("reads.0.sectionId", "\"\""), ("version", "-1"), ("version", "2"),
      ("exportedAt", "1e300"),
    ]
    var lines: [String] = []
    for (field, json) in cases {
      let value = try JSONSerialization.jsonObject(
        with: Data(json.utf8),
        options: .fragmentsAllowed
      )
      let folder = try TemporaryDirectory()
      defer { folder.remove() }
      let file = folder.file("progress.json")
      try Self.write(Self.setting(value, at: field, in: Self.archive()), to: file)
      let db = folder.file("p.sqlite")
      let result = runCommand(["import", file], db: db)
      #expect(result.status == 1, "\(field)")
      #expect(result.err.split(separator: "\n").count == 1, "\(result.err)")
      lines.append("\(field) = \(json)\n" + maskingTemporaryFolder(result.err, folder.path))
      let store = try ProgressStore.open(path: db)
      let id = try #require(try store.profile(named: "default").id)
      #expect(try store.attempts(profileId: id).isEmpty, "\(field)")
      #expect(try store.cards(profileId: id).isEmpty, "\(field)")
      #expect(try store.readSectionIds(profileId: id).isEmpty, "\(field)")
    }
    // Each line names the field's path (attempts[1].seconds, …) and says nothing was imported.
    expectSnapshot(lines.joined(), named: "out-of-range-fields", group: "ProgressArchiveTests")
  }

  @Test func aNumberTooLargeForADoubleIsRefusedNotStored() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let file = folder.file("progress.json")
    let text = try String(
      decoding: JSONSerialization.data(withJSONObject: Self.archive()),
      as: UTF8.self
    )
    .replacingOccurrences(of: "12.5", with: "1e400")
    try Data(text.utf8).write(to: URL(fileURLWithPath: file))
    let result = runCommand(["import", file], db: folder.file("p.sqlite"))
    #expect(result.status == 1)
    #expect(result.err.hasPrefix("error: "))
    #expect(result.err.split(separator: "\n").count == 1)
  }

  @Test func aWrongTypeIsReportedWithItsPath() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let file = folder.file("progress.json")
    try Self.write(Self.setting("soon", at: "attempts.1.answeredAt", in: Self.archive()), to: file)
    let result = runCommand(["import", file], db: folder.file("p.sqlite"))
    #expect(result.status == 1)
    expectSnapshot(
      maskingTemporaryFolder(result.err, folder.path),
      named: "import-a-wrong-type",
      group: "ProgressArchiveTests"
    )
  }

  @Test func importingAFolderOrAFIFOIsRefusedWithoutWaiting() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let fifo = folder.file("pipe.json")
    #expect(mkfifo(fifo, 0o644) == 0)
    let fromFIFO = runCommand(["import", fifo], db: folder.file("p.sqlite"))
    #expect(fromFIFO.status == 1)
    let fromFolder = runCommand(["import", folder.path], db: folder.file("p.sqlite"))
    #expect(fromFolder.status == 1)
    expectSnapshot(
      maskingTemporaryFolder(
        transcript(["import", fifo], fromFIFO) + transcript(["import", folder.path], fromFolder),
        folder.path
      ),
      named: "import-a-fifo-and-a-folder",
      group: "ProgressArchiveTests"
    )
  }

  @Test func progressWithAHugeTimeSpentReportsInsteadOfTrapping() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let db = folder.file("p.sqlite")
    let clock = FixedClock()
    do {
      // A file poisoned by an earlier version's import.
      let store = try ProgressStore.open(path: db)
      let id = try #require(try store.profile(named: "default").id)
      for seconds in [1e308, 1e308] {
        try store.recordAttempt(
          QuizAttempt(
            profileId: id,
            questionId: "pruning-001",
            topic: "pruning",
            mode: "quiz",
            answer: "B",
            correct: true,
            seconds: seconds,
            answeredAt: clock.now
          )
        )
      }
    }
    let result = runCommand(["progress"], db: db, clock: clock)
    #expect(result.status == 0, "\(result.err)")
    // The time spent is reported as the longest duration it can show, not a trap.
    expectSnapshot(result.out, named: "progress-with-a-huge-time", group: "ProgressArchiveTests")
    let json = runCommand(["progress", "--json"], db: db)
    #expect(json.status == 0, "\(json.err)")
  }

  @Test func exportNeverReplacesAFolderAndLeavesNoTemporaryFile() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let db = folder.file("p.sqlite")
    let target = folder.file("out")
    try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: false)
    let before = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    let result = runCommand(["export", target], db: db)
    #expect(result.status == 1)
    let empty = runCommand(["export", ""], db: db)
    #expect(empty.status == 1)
    let missing = runCommand(["export", folder.file("nowhere/x.json")], db: db)
    #expect(missing.status == 1)
    // A folder, an empty path, a folder that does not exist: each said as such.
    expectSnapshot(
      maskingTemporaryFolder(
        transcript(["export", target], result) + transcript(["export", ""], empty)
          + transcript(["export", folder.file("nowhere/x.json")], missing),
        folder.path
      ),
      named: "export-refusals",
      group: "ProgressArchiveTests"
    )
    let after = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    #expect(
      after.filter { !$0.hasPrefix("p.sqlite") } == before.filter { !$0.hasPrefix("p.sqlite") }
    )
  }

  @Test func exportOfAPoisonedStoreWritesNothingAndSaysWhy() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let db = folder.file("p.sqlite")
    do {
      let store = try ProgressStore.open(path: db)
      let id = try #require(try store.profile(named: "default").id)
      try store.recordAttempt(
        QuizAttempt(
          profileId: id,
          questionId: "pruning-001",
          topic: "pruning",
          mode: "quiz",
          answer: "B",
          correct: true,
          seconds: .infinity,
          answeredAt: Date()
        )
      )
    }
    let file = folder.file("progress.json")
    let result = runCommand(["export", file], db: db)
    #expect(result.status == 1)
    // Names the record that cannot be written, attempts[0].seconds.
    expectSnapshot(
      maskingTemporaryFolder(result.err, folder.path),
      named: "export-of-a-poisoned-store",
      group: "ProgressArchiveTests"
    )
    #expect(!FileManager.default.fileExists(atPath: file))
  }

  static let postgresURL = ProcessInfo.processInfo.environment["GOLDILOCKS_TEST_POSTGRES_URL"]
    .flatMap { $0.isEmpty ? nil : $0 }

  @Test(
    .enabled(
      if: postgresURL != nil,
      "SQLite-to-PostgreSQL move not tested: set GOLDILOCKS_TEST_POSTGRES_URL (.ci/run does)"
    )
  )
  func exportFromSQLiteThenImportIntoPostgreSQLMovesTheHistoryLosslessly() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let base = try #require(Self.postgresURL)
    let schema = "test_" + UUID().uuidString.prefix(8).lowercased()
    let server = base + (base.contains("?") ? "&" : "?") + "schema=" + schema
    defer {
      try? PostgresProgressStore(url: server, environment: ProcessInfo.processInfo.environment)
        .dropSchema()
    }
    let sqlite = folder.file("p.sqlite")
    let original = folder.file("original.json")
    try Self.write(Self.archive(), to: original)
    #expect(runCommand(["import", original], db: sqlite).status == 0)
    let fromSQLite = folder.file("from-sqlite.json")
    #expect(runCommand(["export", fromSQLite], db: sqlite).status == 0)
    let imported = runCommand(["import", fromSQLite], db: server)
    #expect(imported.status == 0, "\(imported.err)")
    #expect(imported.out.contains("5 new records"), "\(imported.out)")
    #expect(runCommand(["import", fromSQLite], db: server).out.contains(": 0 new records"))
    let fromServer = folder.file("from-server.json")
    let exported = runCommand(["export", fromServer], db: server)
    #expect(exported.status == 0, "\(exported.err)")
    func records(_ path: String) throws -> NSDictionary {
      let data = try Data(contentsOf: URL(fileURLWithPath: path))
      var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
      object["exportedAt"] = nil
      return object as NSDictionary
    }
    #expect(try records(fromSQLite) == records(fromServer))
  }
}
