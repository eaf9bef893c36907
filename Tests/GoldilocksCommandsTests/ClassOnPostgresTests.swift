import Foundation
import Testing
import _TestSupport

@testable import PostgresProgressStore

/// A class on a PostgreSQL server from the command line, as docs/class-mode.md tells a
/// teacher and learners to use it: learners create their profiles and answer, the
/// instructor's `class` shows one row per learner, sortable, as CSV and JSON.
@Suite struct ClassOnPostgresTests {
  static let postgresURL = ProcessInfo.processInfo.environment["GOLDILOCKS_TEST_POSTGRES_URL"]
    .flatMap { $0.isEmpty ? nil : $0 }

  @Test(
    .enabled(
      if: postgresURL != nil,
      "class on PostgreSQL not tested: set GOLDILOCKS_TEST_POSTGRES_URL"
    )
  )
  func learnersAnswerOnTheServerAndClassShowsOneRowEach() throws {
    let base = try #require(Self.postgresURL)
    let url =
      base + (base.contains("?") ? "&" : "?") + "schema=cli_"
      + UUID().uuidString.prefix(8).lowercased()
    defer {
      try? PostgresProgressStore(url: url, environment: ProcessInfo.processInfo.environment)
        .dropSchema()
    }
    let environment = ["GOLDILOCKS_DB": url]
    for name in ["ann", "bob"] {
      let created = runCommand(["profile", "create", name], environment: environment)
      #expect(created.status == 0, "\(created.err)")
    }
    let ann = runCommand(
      ["--profile", "ann", "quiz", "--all", "--count", "3", "--seed", "5"],
      environment: environment,
      input: ["skip", "skip", "skip"]
    )
    #expect(ann.status == 0, "\(ann.err)")
    let bob = runCommand(
      ["--profile", "bob", "quiz", "--all", "--count", "1", "--seed", "5"],
      environment: environment,
      input: ["skip"]
    )
    #expect(bob.status == 0, "\(bob.err)")
    let json = runCommand(["class", "--json", "--sort", "answered"], environment: environment)
    #expect(json.status == 0, "\(json.err)")
    let rows = try #require(
      try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [[String: Any]]
    )
    #expect(rows.map { $0["profile"] as? String } == ["bob", "ann"])
    #expect(rows.map { $0["answered"] as? Int } == [1, 3])
    let csv = runCommand(
      ["class", "--csv", "--sort", "answered", "--reverse"],
      environment: environment
    )
    #expect(csv.status == 0, "\(csv.err)")
    let lines = csv.out.split(separator: "\n")
    #expect(lines.count == 3)
    #expect(lines.dropFirst().first?.hasPrefix("ann,") == true, "\(csv.out)")
    let table = runCommand(["class"], environment: environment)
    #expect(table.status == 0, "\(table.err)")
    #expect(table.out.contains("ann") && table.out.contains("bob"))
    let topic = runCommand(["class", "topic", "pruning"], environment: environment)
    #expect(topic.status == 0 || topic.err.contains("pruning"), "\(topic.err)")
  }
}
