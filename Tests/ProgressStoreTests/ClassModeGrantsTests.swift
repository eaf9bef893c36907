import Foundation
import PostgresNIO
import ProgressStore
import Testing
import _TestSupport

@testable import PostgresProgressStore

/// Runs the SQL of docs/class-mode.md (roles, grants, row-level security) against the test
/// server with `psql`, then checks what it promises: learners read and write only their
/// own profiles, instructors read everyone's, nobody but the owner changes the schema.
@Suite struct ClassModeGrantsTests {
  static let postgresURL = ProcessInfo.processInfo.environment["GOLDILOCKS_TEST_POSTGRES_URL"]
    .flatMap { $0.isEmpty ? nil : $0 }
  static let psql = ["/usr/bin/psql", "/usr/local/bin/psql"].first {
    FileManager.default.isExecutableFile(atPath: $0)
  }

  /// docs/class-mode.md, found from this file's path.
  static var guide: String {
    get throws {
      let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
      return try String(
        contentsOf: root.appendingPathComponent("docs/class-mode.md"),
        encoding: .utf8
      )
    }
  }

  /// The guide's ```sql blocks, in order.
  static func sqlBlocks(_ text: String) -> [String] {
    text.components(separatedBy: "```sql\n").dropFirst().compactMap {
      $0.components(separatedBy: "\n```").first
    }
  }

  /// Runs `sql` with psql as `user`, stopping at the first error; returns psql's output.
  static func runPsql(_ sql: String, user: String, schema: String?) throws -> String {
    let base = try #require(postgresURL)
    let url = try #require(URLComponents(string: base))
    let process = Process()
    let psql = try #require(psql)
    process.executableURL = URL(fileURLWithPath: psql)
    process.arguments = [
      "-h", url.host ?? "127.0.0.1", "-p", String(url.port ?? 5432), "-U", user, "-d",
      String(url.path.dropFirst()), "-v", "ON_ERROR_STOP=1", "-q", "-X", "-f", "-",
    ]
    var environment = ProcessInfo.processInfo.environment
    if let schema { environment["PGOPTIONS"] = "-c search_path=\(schema)" }
    process.environment = environment
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = output
    try process.run()
    input.fileHandleForWriting.write(Data(sql.utf8))
    try input.fileHandleForWriting.close()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let text = String(decoding: data, as: UTF8.self)
    try #require(process.terminationStatus == 0, "psql failed: \(text)\nSQL:\n\(sql)")
    return text
  }

  @Test(
    .enabled(
      if: postgresURL != nil && psql != nil,
      "class-mode grants not tested: needs GOLDILOCKS_TEST_POSTGRES_URL and psql"
    )
  )
  func theGuidesGrantsKeepLearnersToTheirOwnProfilesAndLetInstructorsReadAll() throws {
    let base = try #require(Self.postgresURL)
    let admin = try #require(URLComponents(string: base)?.user)
    let suffix = UUID().uuidString.prefix(6).lowercased()
    let schema = "grants_" + suffix
    let names = [
      "goldilocks_owner": "go_\(suffix)", "goldilocks_learner": "gl_\(suffix)",
      "goldilocks_instructor": "gi_\(suffix)", "ann": "ann_\(suffix)", "bob": "bob_\(suffix)",
      "teacher": "teacher_\(suffix)",
    ]
    func rename(_ sql: String) -> String {
      var text = sql
      // Longest first, so that `goldilocks_owner` is replaced before any part of it.
      for (from, to) in names.sorted(by: { $0.key.count > $1.key.count }) {
        text = text.replacingOccurrences(
          of: "\\b\(from)\\b",
          with: to,
          options: .regularExpression
        )
      }
      return text.replacingOccurrences(of: "SCHEMA public", with: "SCHEMA \(schema)")
    }
    let blocks = Self.sqlBlocks(try Self.guide)
    try #require(blocks.count == 3, "the guide's SQL blocks changed: \(blocks.count)")
    // 1. Roles, as the superuser; this server's test database stands for CREATE DATABASE.
    let roles = rename(blocks[0]).components(separatedBy: "\n")
      .filter { !$0.hasPrefix("CREATE DATABASE") }.joined(separator: "\n")
    try Self.runPsql(roles, user: admin, schema: nil)
    defer {
      let drop =
        "DROP SCHEMA IF EXISTS \(schema) CASCADE;\n"
        + names.values.map { "DROP OWNED BY \($0) CASCADE; DROP ROLE \($0);" }.joined(
          separator: "\n"
        )
      _ = try? Self.runPsql(drop, user: admin, schema: nil)
    }
    try Self.runPsql(
      "CREATE SCHEMA \(schema) AUTHORIZATION \(names["goldilocks_owner"]!);",
      user: admin,
      schema: nil
    )
    let environment = ProcessInfo.processInfo.environment
    func store(_ role: String) throws -> PostgresProgressStore {
      var url = try #require(URLComponents(string: base))
      url.user = names[role]
      let text = try #require(url.string)
      return try PostgresProgressStore(
        url: text + (text.contains("?") ? "&" : "?") + "schema=" + schema,
        environment: environment
      )
    }
    // 2. The owner's first connection creates the tables; then its grants and policies.
    _ = try store("goldilocks_owner")
    try Self.runPsql(rename(blocks[1]), user: names["goldilocks_owner"]!, schema: schema)
    try Self.runPsql(rename(blocks[2]), user: names["goldilocks_owner"]!, schema: schema)

    let now = Date(timeIntervalSince1970: 1_790_000_000)
    let ann = try store("ann")
    let bob = try store("bob")
    let teacher = try store("teacher")
    let annId = try #require(try ann.createProfile(named: "ann", now: now).id)
    let bobId = try #require(try bob.createProfile(named: "bob", now: now).id)
    func attempt(_ profile: Int64) -> QuizAttempt {
      QuizAttempt(
        profileId: profile,
        questionId: "q1",
        topic: "pruning",
        mode: "quiz",
        answer: "A",
        correct: true,
        seconds: 3,
        answeredAt: now
      )
    }
    try ann.recordAnswer(attempt(annId), key: "a1") { _ in nil }
    try bob.recordAttempt(attempt(bobId))
    // Learners see only themselves.
    #expect(try ann.profiles().map(\.name) == ["ann"])
    #expect(try bob.profiles().map(\.name) == ["bob"])
    #expect(try bob.attempts(profileId: annId).isEmpty)
    // A learner cannot write into another learner's profile.
    #expect(throws: StoreError.self) { try bob.recordAttempt(attempt(annId)) }
    #expect(try ann.attempts(profileId: annId).count == 1)
    // An instructor reads everyone, but cannot write into a learner's profile.
    #expect(try teacher.profiles().map(\.name) == ["ann", "bob"])
    #expect(try teacher.attempts(profileId: annId).count == 1)
    #expect(try teacher.attempts(profileId: bobId).count == 1)
    #expect(throws: StoreError.self) { try teacher.recordAttempt(attempt(annId)) }
    // Only the owner changes the schema's bookkeeping.
    #expect(throws: StoreError.self) {
      try ann.transaction { connection in
        try ann.run(
          "INSERT INTO goldilocks_schema (version, name) VALUES (99, 'v99-future')",
          on: connection
        )
      }
    }
    #expect(try ann.appliedMigrations().count == PostgresProgressStore.migrations.count)
  }
}
