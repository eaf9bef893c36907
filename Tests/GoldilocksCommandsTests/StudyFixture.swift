import Foundation
import GoldilocksCommands
import Terminal
import _TestSupport

/// A small content tree for study and exam tests, independent of the shipped banks' sizes.
///
/// Two chapters, three sections; question banks `alpha` (chapter 1) and `beta` (chapter 2).
/// Exam items by C02 domain: D1 3, D2 3 (plus one numeric and one short item that an exam
/// must never draw), D3 3 (one single and a two-part case study), D4 2. Every choice
/// question is keyed `A`.
struct StudyFixture {
  let folder: TemporaryDirectory
  var root: String { folder.path }
  var db: String { folder.file("progress.sqlite") }

  init() throws {
    folder = try TemporaryDirectory()
    let fileManager = FileManager.default
    try fileManager.createDirectory(
      atPath: root + "/content/chapters",
      withIntermediateDirectories: true
    )
    try fileManager.createDirectory(atPath: root + "/quizzes", withIntermediateDirectories: true)
    try write(
      "content/chapters/01-alpha.md",
      Self.chapter(
        id: "alpha",
        title: "Alpha",
        order: 1,
        sections: [
          ("a-one", "First steps", "calc summary seed-mlp"),
          ("a-two", "Second steps", "calc summary seed-mlp"),
        ]
      )
    )
    try write(
      "content/chapters/02-beta.md",
      Self.chapter(
        id: "beta",
        title: "Beta",
        order: 2,
        sections: [("b-one", "Third steps", "calc explain seed-mlp")]
      )
    )
    var alpha = "topic: alpha\nquestions:\n"
    for index in 1...3 { alpha += Self.single("q-d1-\(index)", section: "a-one", domain: 1) }
    for index in 1...3 { alpha += Self.single("q-d2-\(index)", section: "a-two", domain: 2) }
    alpha += """
        - id: num-1
          type: numeric
          depth: concept
          section: a-two
          difficulty: 1
          exam: {c01: {task: "2.2", in_scope: true}, c02: {task: "2.1", in_scope: true}}
          prompt: How many?
          answer: 5
          tolerance: 0
          explanation: Five.
        - id: short-1
          type: short
          depth: concept
          section: a-two
          difficulty: 1
          exam: {c01: {task: "2.2", in_scope: true}, c02: {task: "2.1", in_scope: true}}
          prompt: Which word?
          answer: "prune"
          explanation: Prune.

      """
    var beta = "topic: beta\nquestions:\n"
    beta += Self.single("q-d3-1", section: "b-one", domain: 3)
    beta += """
        - id: c-1
          type: case
          depth: concept
          section: b-one
          difficulty: 2
          exam: {c01: {task: "3.1", in_scope: true}, c02: {task: "3.1", in_scope: true}}
          scenario: |
            A shared case about serving a model.
          questions:
            - id: c-1a
              type: single
              prompt: Case part one?
              choices: [right, wrong]
              answer: A
              explanation: Because.
            - id: c-1b
              type: single
              prompt: Case part two?
              choices: [right, wrong]
              answer: A
              explanation: Because.

      """
    for index in 1...2 { beta += Self.single("q-d4-\(index)", section: "b-one", domain: 4) }
    try write("quizzes/alpha.yaml", alpha)
    try write("quizzes/beta.yaml", beta)
  }

  func remove() { folder.remove() }

  private func write(_ relative: String, _ text: String) throws {
    try text.write(toFile: root + "/" + relative, atomically: true, encoding: .utf8)
  }

  static func chapter(id: String, title: String, order: Int, sections: [(String, String, String?)])
    -> String
  {
    var text = """
      ---
      id: \(id)
      title: \(title)
      order: \(order)
      topics: [\(id)]
      minutes: 10
      prerequisites: []
      exam:
        c01: {tasks: ["2.2"], in_scope: true}
        c02: {tasks: ["2.1"], in_scope: true}
      ---

      """
    for (sectionId, sectionTitle, tryLine) in sections {
      text += "\n## \(sectionTitle) {#\(sectionId)}\n\nSome text about \(sectionTitle).\n"
      if let tryLine { text += "\n```try\n\(tryLine)\n```\n" }
    }
    return text
  }

  static func single(_ id: String, section: String, domain: Int) -> String {
    """
      - id: \(id)
        type: single
        depth: concept
        section: \(section)
        difficulty: 1
        exam: {c01: {task: "\(domain).1", in_scope: true}, c02: {task: "\(domain).1", in_scope: true}}
        prompt: Question \(id)?
        choices: [right, wrong, also wrong]
        answer: A
        explanation: The first is right.
        hints: ["Think."]

    """
  }

  /// Runs one command line against the fixture with a fixed clock and scripted input.
  func run(
    _ words: [String],
    input: [String] = [],
    clock: FixedClock = FixedClock(),
    reader: (any LineReader)? = nil,
    beforeLine: ((Int) -> Void)? = nil
  ) -> (status: Int32, out: String, err: String) {
    let output = BufferedOutput()
    let scripted = ScriptedLineReader(input)
    scripted.beforeLine = beforeLine
    let session = Session(
      output: output,
      environment: [
        "NO_COLOR": "1", "HOME": NSTemporaryDirectory(), "GOLDILOCKS_DB": db,
        "GOLDILOCKS_CONTENT": root, "COLUMNS": "100",
      ],
      lineReader: reader ?? scripted,
      isInteractive: false,
      isREPL: false,
      stdoutIsTerminal: false
    )
    session.clock = clock
    let status = CommandRunner.run(words, in: session)
    return (status, output.standardOutput, output.standardError)
  }
}
