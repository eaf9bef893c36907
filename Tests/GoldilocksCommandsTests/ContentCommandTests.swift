import Foundation
import GoldilocksCommands
import Testing
import _TestSupport

@Suite struct ContentCommandTests {
  @Test func theShippedContentPassesLint() throws {
    let result = runCommand(["content", "lint", "--json"])
    #expect(result.status == 0, "\(result.out)")
    let report = try #require(
      try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any]
    )
    #expect(report["errors"] as? Int == 0)
    #expect((report["chapters"] as? Int ?? 0) >= 20)
    #expect((report["questions"] as? Int ?? 0) >= 150)
  }

  @Test func lintReportsBrokenContentWithFileLineAndColumn() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    try FileManager.default.createDirectory(
      atPath: folder.path + "/content/chapters",
      withIntermediateDirectories: true
    )
    try FileManager.default.createDirectory(
      atPath: folder.path + "/quizzes",
      withIntermediateDirectories: true
    )
    let chapter = """
      ---
      id: pruning
      title: Pruning
      order: 1
      topics: [pruning]
      minutes: 5
      prerequisites: [nowhere]
      exam:
        c01: {tasks: ["2.2"], in_scope: true}
        c02: {tasks: ["2.1"], in_scope: false}
      ---

      ## Magnitude {#prune-magnitude}

      Text.

      ```try
      calc summary 'input(5,5,1) conv2d(8,9)'
      ```

      ## No try here {#prune-none}

      Text without a try block.
      """
    try chapter.write(
      toFile: folder.path + "/content/chapters/01-pruning.md",
      atomically: true,
      encoding: .utf8
    )
    let bank = """
      topic: pruning
      questions:
        - id: p-1
          type: single
          section: prune-magnitude
          difficulty: 2
          exam: {c01: {task: "2.2", in_scope: true}, c02: {task: "2.1", in_scope: false}}
          prompt: Pick one.
          choices: [a, b]
          answer: C
          explanation: Because.
        - id: p-2
          type: numeric
          section: prune-gone
          difficulty: 2
          exam: {c01: {task: "2.2", in_scope: true}, c02: {task: "2.1", in_scope: false}}
          prompt: How many?
          answer: 5
          explanation: Five.
      """
    try bank.write(toFile: folder.path + "/quizzes/pruning.yaml", atomically: true, encoding: .utf8)
    let result = runCommand(["content", "lint"], environment: ["GOLDILOCKS_CONTENT": folder.path])
    #expect(result.status == 1)
    // Each problem at its file, line and column: the try line that fails, the unknown
    // prerequisite, the section without a try block, the answer that is not one letter, the
    // question linking to a missing section, and each required topic not covered.
    expectSnapshot(
      maskingTemporaryFolder(result.err, folder.path),
      named: "lint-of-broken-content",
      group: "ContentCommandTests"
    )
  }

  @Test func tocAndReadWorkOnTheShippedContentAndRecordProgress() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let db = folder.file("p.sqlite")
    let read = runCommand(["read", "prune-magnitude"], db: db)
    #expect(read.status == 0)
    expectSnapshot(read.out, named: "read-prune-magnitude", group: "ContentCommandTests")
    let toc = runCommand(["toc", "--json"], db: db)
    let chapters = try #require(
      try JSONSerialization.jsonObject(with: Data(toc.out.utf8)) as? [[String: Any]]
    )
    let pruning = try #require(chapters.first { $0["id"] as? String == "pruning" })
    let sections = try #require(pruning["sections"] as? [[String: Any]])
    #expect(sections.first { $0["id"] as? String == "prune-magnitude" }?["read"] as? Bool == true)
    let next = runCommand(["next"], db: db)
    #expect(next.status == 0)
    expectSnapshot(next.out, named: "next-after-prune-magnitude", group: "ContentCommandTests")
    // `try` runs the next section's try line, a pruning run whose timings vary.
    let tried = runCommand(["try"], db: db)
    #expect(tried.out.contains("▶ goldilocks"))
    let unknown = runCommand(["read", "no-such-section"], db: db)
    #expect(unknown.status == 1)
    #expect(unknown.err.hasPrefix("error: no section matches 'no-such-section'"))
  }
}
