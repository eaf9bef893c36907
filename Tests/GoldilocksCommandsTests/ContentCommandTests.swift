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
    let lines = result.err.split(separator: "\n").map(String.init)
    #expect(
      lines.contains(
        "content/chapters/01-pruning.md:18:1: error: try `calc summary 'input(5,5,1) conv2d(8,9)'`: term 2 `conv2d(8,9)`: kernel 9 is larger than its 5x5 input"
      )
    )
    #expect(lines.contains { $0.contains("prerequisite `nowhere` is not a chapter id") })
    #expect(lines.contains { $0.contains("section `prune-none` has no ```try block") })
    #expect(
      lines.contains { $0.hasPrefix("quizzes/pruning.yaml:10:") && $0.contains("one letter") }
    )
    #expect(lines.contains { $0.contains("links to section `prune-gone`") })
    #expect(lines.contains { $0.contains("no chapter covers the topic `quantization`") })
  }

  @Test func tocAndReadWorkOnTheShippedContentAndRecordProgress() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let db = folder.file("p.sqlite")
    let read = runCommand(["read", "prune-magnitude"], db: db)
    #expect(read.status == 0)
    #expect(read.out.contains("Magnitude pruning"))
    let toc = runCommand(["toc", "--json"], db: db)
    let chapters = try #require(
      try JSONSerialization.jsonObject(with: Data(toc.out.utf8)) as? [[String: Any]]
    )
    let pruning = try #require(chapters.first { $0["id"] as? String == "pruning" })
    let sections = try #require(pruning["sections"] as? [[String: Any]])
    #expect(sections.first { $0["id"] as? String == "prune-magnitude" }?["read"] as? Bool == true)
    let next = runCommand(["next"], db: db)
    #expect(next.out.contains("Structured pruning") || next.out.contains("prune-structured"))
    let tried = runCommand(["try"], db: db)
    #expect(tried.out.contains("▶ goldilocks"))
    let unknown = runCommand(["read", "no-such-section"], db: db)
    #expect(unknown.status == 1)
    #expect(unknown.err.hasPrefix("error: no section matches 'no-such-section'"))
  }
}
