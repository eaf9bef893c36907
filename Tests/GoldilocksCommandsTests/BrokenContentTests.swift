import Foundation
import GoldilocksCommands
import Testing
import _TestSupport

/// A content folder with one good chapter and bank, plus whatever a test breaks.
private struct ContentFolder {
  let directory: TemporaryDirectory
  var root: String { directory.path }

  init() throws {
    directory = try TemporaryDirectory()
    for folder in ["content/chapters", "quizzes"] {
      try FileManager.default.createDirectory(
        atPath: directory.path + "/" + folder,
        withIntermediateDirectories: true
      )
    }
    try write(
      "content/chapters/01-pruning.md",
      """
      ---
      id: pruning
      title: Pruning
      order: 1
      topics: [pruning]
      minutes: 5
      prerequisites: []
      exam:
        c01: {tasks: ["2.2"], in_scope: true}
        c02: {tasks: ["2.1"], in_scope: false}
      ---

      ## Magnitude {#prune-magnitude}

      Text about magnitude pruning.

      ```try
      calc summary seed-mlp
      ```
      """
    )
    try write(
      "quizzes/pruning.yaml",
      """
      topic: pruning
      questions:
        - id: p-1
          type: single
          depth: concept
          section: prune-magnitude
          difficulty: 1
          exam: {c01: {task: "2.2", in_scope: true}, c02: {task: "2.1", in_scope: false}}
          prompt: Pick the first.
          choices: [first, second]
          answer: A
          explanation: Because it is first.
      """
    )
  }

  func write(_ path: String, _ text: String) throws {
    try text.write(toFile: root + "/" + path, atomically: true, encoding: .utf8)
  }

  func remove() { directory.remove() }
}

@Suite struct BrokenContentTests {
  /// A second chapter whose `order` (line 3 of the file) is not a number.
  static let brokenChapter = """
    ---
    id: quantization
    order: three
    title: Quantization
    topics: [quantization]
    minutes: 5
    exam:
      c01: {tasks: ["2.2"], in_scope: true}
      c02: {tasks: ["2.1"], in_scope: false}
    ---

    ## Int8 {#quant-int8}

    Text.

    ```try
    calc summary seed-mlp
    ```
    """

  /// A second bank whose YAML breaks on line 4.
  static let brokenBank = """
    topic: quantization
    questions:
      - id: q-1
        prompt: "unclosed
    """

  @Test(arguments: [["toc"], ["read", "prune-magnitude"], ["quiz", "--count", "1"]])
  func aBrokenChapterIsReportedWithItsFileAndLine(_ words: [String]) throws {
    let folder = try ContentFolder()
    defer { folder.remove() }
    try folder.write("content/chapters/02-quantization.md", Self.brokenChapter)
    let result = runCommand(
      words,
      environment: ["GOLDILOCKS_CONTENT": folder.root],
      input: ["A"]
    )
    let warnings = result.err.split(separator: "\n").filter {
      $0.hasPrefix("warning: content/chapters/02-quantization.md:3:")
    }
    #expect(warnings.count == 1, "\(result.err)")
    // The same warning for every command, pointing to `goldilocks content lint`.
    expectSnapshot(
      warnings.joined(separator: "\n") + "\n",
      named: "broken-chapter-warning",
      group: "BrokenContentTests"
    )
    #expect(result.status == 0, "\(result.err)")
  }

  @Test(arguments: [["toc"], ["read", "prune-magnitude"], ["quiz", "--count", "1"]])
  func aBrokenBankIsReportedWithItsFileAndLine(_ words: [String]) throws {
    let folder = try ContentFolder()
    defer { folder.remove() }
    try folder.write("quizzes/quantization.yaml", Self.brokenBank)
    let result = runCommand(
      words,
      environment: ["GOLDILOCKS_CONTENT": folder.root],
      input: ["A"]
    )
    let warnings = result.err.split(separator: "\n").filter {
      $0.hasPrefix("warning: quizzes/quantization.yaml:")
    }
    #expect(warnings.count == 1, "\(result.err)")
    #expect(result.status == 0, "\(result.err)")
  }

  @Test func intactContentLoadsWithoutWarnings() throws {
    let folder = try ContentFolder()
    defer { folder.remove() }
    let result = runCommand(["toc"], environment: ["GOLDILOCKS_CONTENT": folder.root])
    #expect(result.status == 0)
    #expect(!result.err.contains("warning:"), "\(result.err)")
  }

  @Test func lintRefusesAStrayFileInTheChapterFolderAsAWarning() throws {
    let folder = try ContentFolder()
    defer { folder.remove() }
    try folder.write("content/chapters/x", "")
    let result = runCommand(
      ["content", "lint"],
      environment: ["GOLDILOCKS_CONTENT": folder.root]
    )
    expectSnapshot(
      maskingTemporaryFolder(result.err, folder.root),
      named: "lint-of-a-stray-file",
      group: "BrokenContentTests"
    )
  }

  @Test func theShippedContentHasNoStrayFiles() throws {
    let result = runCommand(["toc"])
    #expect(result.status == 0)
    #expect(!result.err.contains("warning:"), "\(result.err)")
  }

  @Test func lintReportsEachExamsPoolForA65QuestionExam() throws {
    let result = runCommand(["content", "lint", "--json"])
    #expect(result.status == 0, "\(result.err)")
    let report = try #require(
      try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any]
    )
    #expect(report["exam_length"] as? Int == 65)
    let pools = try #require(report["pools"] as? [[String: Any]])
    #expect(pools.count == 8)
    for exam in ["c01", "c02"] {
      let rows = pools.filter { $0["exam"] as? String == exam }
      #expect(rows.count == 4)
      #expect(rows.reduce(0) { $0 + ($1["quota"] as? Int ?? 0) } == 65)
      for row in rows {
        #expect(row["shortfall"] as? Int == 0, "\(row)")
        #expect((row["available"] as? Int ?? 0) >= (row["quota"] as? Int ?? 1), "\(row)")
      }
    }
    let c02Domain4 = try #require(
      pools.first { $0["exam"] as? String == "c02" && $0["domain"] as? Int == 4 }
    )
    #expect((c02Domain4["available"] as? Int ?? 0) >= 20)
    let keys = try #require(report["answer_keys"] as? [String: Any])
    let share = try #require(keys["longest_share"] as? Double)
    #expect(abs(share - 0.25) <= 0.10, "keyed option is the longest in \(share) of items")
    let text = runCommand(["content", "lint"])
    #expect(text.status == 0, "\(text.err)")
    // Each exam's pools for a 65-question exam, e.g. "  domain 4 24 %: 15 needed, …".
    expectSnapshot(text.out, named: "lint-of-the-shipped-content", group: "BrokenContentTests")
  }
}
