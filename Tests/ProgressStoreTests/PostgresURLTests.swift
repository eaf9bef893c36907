import Foundation
import PostgresProgressStore
import ProgressStore
import Testing
import _TestSupport

/// Reading a class store's URL: no password in it, the password from PGPASSWORD or
/// ~/.pgpass, and one clear line when the server cannot be reached.
@Suite struct PostgresURLTests {
  @Test func aURLIsReadWithDefaults() throws {
    let url = try PostgresURL("postgres://ann@school-db/goldilocks", environment: [:])
    #expect(url.user == "ann")
    #expect(url.host == "school-db")
    #expect(url.port == 5432)
    #expect(url.database == "goldilocks")
    #expect(url.sslMode == "disable")
    #expect(url.display == "postgres://ann@school-db:5432/goldilocks")
    let other = try PostgresURL(
      "postgresql://bob@10.0.0.5:6543/class?sslmode=require&schema=period_2",
      environment: [:]
    )
    #expect(other.port == 6543)
    #expect(other.sslMode == "require")
    #expect(other.schema == "period_2")
  }

  @Test func aPasswordInTheURLIsRefusedAndNotRepeated() {
    do {
      _ = try PostgresURL("postgres://ann:hunter2@school-db/goldilocks", environment: [:])
      Issue.record("a URL with a password was accepted")
    } catch {
      #expect(!error.description.contains("hunter2"))
      #expect(error.description.contains("PGPASSWORD"))
    }
    #expect(throws: StoreError.self) {
      try PostgresURL("postgres://ann@h/db?schema=Robert'); DROP", environment: [:])
    }
  }

  @Test func thePasswordComesFromPGPASSWORDThenFromPgpass() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let pgpass = folder.file("pgpass")
    try Data(
      """
      # comment
      other:5432:*:ann:wrong
      school-db:5432:goldilocks:ann:pa\\:ss
      *:*:*:*:fallback

      """.utf8
    ).write(to: URL(fileURLWithPath: pgpass))
    let url = try PostgresURL("postgres://ann@school-db/goldilocks", environment: [:])
    #expect(url.password(environment: ["PGPASSFILE": pgpass]) == "pa:ss")
    #expect(url.password(environment: ["PGPASSFILE": pgpass, "PGPASSWORD": "env"]) == "env")
    let bob = try PostgresURL("postgres://bob@elsewhere/x", environment: [:])
    #expect(bob.password(environment: ["PGPASSFILE": pgpass]) == "fallback")
    #expect(bob.password(environment: ["PGPASSFILE": folder.file("missing")]) == nil)
  }

  @Test func aServerThatIsDownGivesOneLineNamingHostAndPort() {
    do {
      _ = try PostgresProgressStore(url: "postgres://ann@127.0.0.1:1/goldilocks", environment: [:])
      Issue.record("connected to port 1")
    } catch {
      guard case .serverUnreachable(let host, let port, _) = error else {
        Issue.record("\(error)")
        return
      }
      #expect(host == "127.0.0.1" && port == 1)
      #expect(error.description.contains("127.0.0.1:1"))
      #expect(!error.description.contains("\n"))
    }
  }
}
