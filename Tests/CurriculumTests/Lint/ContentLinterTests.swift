import Curriculum
import Foundation
import Testing

/// A chapter file's text with the given front-matter values and one section.
private func chapterText(
  id: String,
  order: Int,
  minutes: Int = 5,
  prerequisites: [String] = []
) -> String {
  """
  ---
  id: \(id)
  title: \(id)
  order: \(order)
  topics: [pruning]
  minutes: \(minutes)
  prerequisites: [\(prerequisites.joined(separator: ", "))]
  exam:
    c01: {tasks: ["2.2"], in_scope: true}
    c02: {tasks: ["2.1"], in_scope: false}
  ---

  ## Section {#\(id)-section}

  Text.

  ```try
  calc summary seed-mlp
  ```
  """
}

private func chapters(_ texts: [(String, String)]) -> [Chapter] {
  texts.compactMap { ChapterParser.parse($0.1, file: $0.0).0 }
}

private func lint(chapters: [Chapter] = [], questions: [Question] = []) -> [ContentDiagnostic] {
  ContentLinter { _ in nil }.lint(
    ContentLibrary(root: "/tmp", chapters: chapters, questions: questions, diagnostics: [])
  )
}

private let examTags =
  #"exam: {c01: {task: "2.2", in_scope: true}, c02: {task: "2.1", in_scope: true}}"#

@Suite struct ContentLinterTests {
  @Test func aNumericAnswerOfNotANumberIsRefusedWithItsLine() {
    let bank = """
      topic: pruning
      questions:
        - id: n-1
          type: numeric
          depth: sizing
          section: s
          difficulty: 1
          \(examTags)
          prompt: How many?
          answer: .nan
          explanation: Because.
      """
    let (questions, problems) = QuizBankParser.parse(bank, file: "quizzes/p.yaml")
    #expect(questions.isEmpty)
    #expect(
      problems.contains {
        $0.line == 10 && $0.message.contains("must be a finite number")
      },
      "\(problems)"
    )
  }

  @Test(arguments: [".inf", "-.inf", ".nan", "-1"])
  func aToleranceThatIsNotAFiniteNonNegativeNumberIsRefused(_ tolerance: String) {
    let bank = """
      topic: pruning
      questions:
        - id: n-2
          type: numeric
          depth: sizing
          section: s
          difficulty: 1
          \(examTags)
          prompt: How many?
          answer: 5
          tolerance: \(tolerance)
          explanation: Because.
      """
    let (_, problems) = QuizBankParser.parse(bank, file: "quizzes/p.yaml")
    #expect(
      problems.contains { $0.line == 11 && $0.message.contains("`tolerance` of `n-2`") },
      "\(problems)"
    )
  }

  @Test func anInfiniteNumericAnswerIsRefused() {
    let bank = """
      topic: pruning
      questions:
        - id: n-3
          type: numeric
          depth: sizing
          section: s
          difficulty: 1
          \(examTags)
          prompt: How many?
          answer: .inf
          explanation: Because.
      """
    let (questions, problems) = QuizBankParser.parse(bank, file: "quizzes/p.yaml")
    #expect(questions.isEmpty)
    #expect(problems.contains { $0.message.contains("must be a finite number") })
  }

  @Test func twoChaptersWithTheSameOrderAreReported() {
    let found = lint(
      chapters: chapters([
        ("content/chapters/01-a.md", chapterText(id: "a", order: 3)),
        ("content/chapters/02-b.md", chapterText(id: "b", order: 3)),
      ])
    )
    #expect(
      found.contains {
        $0.file == "content/chapters/02-b.md" && $0.message.contains("`order: 3`, the same as")
      },
      "\(found)"
    )
  }

  @Test func negativeMinutesAreReported() {
    let found = lint(
      chapters: chapters([("content/chapters/01-a.md", chapterText(id: "a", order: 1, minutes: -4))]
      )
    )
    #expect(found.contains { $0.message.contains("`minutes: -4`") }, "\(found)")
  }

  @Test func aChapterThatIsItsOwnPrerequisiteIsReported() {
    let found = lint(
      chapters: chapters([
        ("content/chapters/01-a.md", chapterText(id: "a", order: 1, prerequisites: ["a"]))
      ])
    )
    #expect(found.contains { $0.message == "chapter `a` lists itself as a prerequisite" })
  }

  @Test func cyclicPrerequisitesAreReportedOnce() {
    let found = lint(
      chapters: chapters([
        ("content/chapters/01-a.md", chapterText(id: "a", order: 1, prerequisites: ["c"])),
        ("content/chapters/02-b.md", chapterText(id: "b", order: 2, prerequisites: ["a"])),
        ("content/chapters/03-c.md", chapterText(id: "c", order: 3, prerequisites: ["b"])),
        ("content/chapters/04-d.md", chapterText(id: "d", order: 4, prerequisites: ["a"])),
      ])
    )
    let cycles = found.filter { $0.message.hasPrefix("prerequisites form a cycle") }
    #expect(cycles.count == 1, "\(found)")
    #expect(cycles.first?.message.contains("`a` → `c` → `b` → `a`") == true, "\(cycles)")
  }

  @Test func prerequisitesWithoutACycleAreAccepted() {
    let found = lint(
      chapters: chapters([
        ("content/chapters/01-a.md", chapterText(id: "a", order: 1)),
        ("content/chapters/02-b.md", chapterText(id: "b", order: 2, prerequisites: ["a"])),
        ("content/chapters/03-c.md", chapterText(id: "c", order: 3, prerequisites: ["a", "b"])),
      ])
    )
    #expect(!found.contains { $0.message.contains("cycle") || $0.message.contains("order") })
  }

  @Test func aQuestionWithoutDepthIsAnErrorAndCasePartsInheritTheCasesDepth() {
    let bank = """
      topic: pruning
      questions:
        - id: q-1
          type: single
          section: s
          difficulty: 1
          \(examTags)
          prompt: Pick.
          choices: [a, b]
          answer: A
          explanation: Because.
        - id: case-1
          type: case
          depth: sizing
          section: s
          difficulty: 2
          \(examTags)
          scenario: Set-up.
          questions:
            - id: case-1a
              type: single
              prompt: Pick.
              choices: [a, b]
              answer: B
              explanation: Because.
            - id: case-1b
              type: single
              depth: concept
              prompt: Pick.
              choices: [a, b]
              answer: A
              explanation: Because.
      """
    let (questions, problems) = QuizBankParser.parse(bank, file: "quizzes/p.yaml")
    #expect(problems.contains { $0.message.hasPrefix("`q-1` has no `depth`") }, "\(problems)")
    #expect(questions.first { $0.id == "case-1a" }?.depth == .sizing)
    #expect(questions.first { $0.id == "case-1b" }?.depth == .concept)
  }

  @Test(arguments: [QuestionDepth.frameworkTrivia, .deepArithmetic])
  func triviaAndDeepArithmeticInAnExamsScopeAreErrors(_ depth: QuestionDepth) {
    let inScope = Question(
      id: "t-1",
      topic: "pruning",
      section: "s",
      difficulty: 1,
      exams: [
        .c01: ExamTag(tasks: ["2.2"], inScope: false), .c02: ExamTag(tasks: ["2.1"], inScope: true),
      ],
      prompt: "Pick.",
      kind: .single(choices: ["a", "b"], answer: 0),
      explanation: "Because.",
      hints: [],
      file: "quizzes/p.yaml",
      line: 4,
      depth: depth
    )
    let found = lint(questions: [inScope]).filter { $0.message.contains("out of exam scope") }
    #expect(found.count == 1)
    #expect(found.first?.message.contains("`c02:") == true)
    #expect(found.first?.line == 4)
    let outOfScope = Question(
      id: "t-2",
      topic: "pruning",
      section: "s",
      difficulty: 1,
      exams: [
        .c01: ExamTag(tasks: ["2.2"], inScope: false),
        .c02: ExamTag(tasks: ["2.1"], inScope: false),
      ],
      prompt: "Pick.",
      kind: .single(choices: ["a", "b"], answer: 0),
      explanation: "Because.",
      hints: [],
      depth: depth
    )
    #expect(!lint(questions: [outOfScope]).contains { $0.message.contains("out of exam scope") })
  }

  @Test func aQuestionThatListsTheSameOptionTwiceIsReported() {
    let question = Question(
      id: "d-1",
      topic: "pruning",
      section: "s",
      difficulty: 1,
      exams: [:],
      prompt: "Pick.",
      kind: .single(choices: ["Int8", "fp16", "int8 "], answer: 1),
      explanation: "Because.",
      hints: []
    )
    #expect(
      lint(questions: [question]).contains {
        $0.message.contains("lists the option \"int8 \" twice")
      }
    )
  }

  @Test func aScenarioWithNegativeMinutesIsReported() {
    let text = """
      id: neg
      title: Negative
      topics: [pruning]
      section: s
      minutes: -3
      exam: {c01: {task: "2.2", in_scope: true}, c02: {task: "2.1", in_scope: true}}
      setup: Set-up.
      runs:
        - command: calc summary seed-mlp
      decision:
        prompt: Which?
        choices: [a, b]
        answer: A
        explanation: Because.
      """
    let (scenario, _) = ScenarioParser.parse(text, file: "content/scenarios/neg.yaml")
    let library = ContentLibrary(
      root: "/tmp",
      chapters: [],
      questions: [],
      scenarios: scenario.map { [$0] } ?? [],
      diagnostics: []
    )
    let found = ContentLinter { _ in nil }.lint(library)
    #expect(found.contains { $0.message.contains("`minutes: -3`") }, "\(found)")
  }

  @Test func quotasFollowTheWeightsAndAddUpToTheExamLength() {
    #expect(ExamPool.quotas(for: .c02) == [1: 18, 2: 16, 3: 16, 4: 15])
    #expect(ExamPool.quotas(for: .c01) == [1: 18, 2: 17, 3: 14, 4: 16])
    for exam in Exam.allCases {
      for length in [1, 10, 50, 65, 100] {
        #expect(ExamPool.quotas(for: exam, length: length).values.reduce(0, +) == length)
      }
    }
  }

  @Test func poolsCountOnlyExamTypesInScopeAndLintReportsAShortfall() {
    func question(_ id: String, _ kind: QuestionKind, task: String, inScope: Bool = true)
      -> Question
    {
      Question(
        id: id,
        topic: "pruning",
        section: "s",
        difficulty: 1,
        exams: [
          .c01: ExamTag(tasks: [task], inScope: inScope),
          .c02: ExamTag(tasks: [task], inScope: inScope),
        ],
        prompt: "?",
        kind: kind,
        explanation: "Because.",
        hints: []
      )
    }
    let questions = [
      question("a", .single(choices: ["x", "y"], answer: 0), task: "4.1"),
      question("b", .matching(left: ["1"], right: ["x"], pairs: [0: 0]), task: "4.2"),
      question("c", .numeric(answer: 1, tolerance: 0, unit: nil), task: "4.1"),
      question("d", .short(answer: "x", accepted: []), task: "4.1"),
      question("e", .single(choices: ["x", "y"], answer: 0), task: "4.3", inScope: false),
      question("f", .ordering(choices: ["x", "y", "z"], order: [0, 1, 2]), task: "1.2"),
    ]
    let pools = ExamPool.pools(questions, exam: .c02)
    #expect(pools.map(\.available) == [1, 0, 0, 2])
    #expect(pools.first { $0.domain == 4 }?.shortfall == 13)
    let found = lint(questions: questions)
    #expect(
      found.contains {
        $0.message
          == "MLA-C02 domain 4 needs 15 exam-type questions for a 65-question exam but has 2 in scope; write 13 more"
      },
      "\(found)"
    )
  }

  @Test func keyBalanceWarnsWhenTheKeyIsUsuallyTheLongestOption() {
    let cued = (0..<40).map { index in
      Question(
        id: "k-\(index)",
        topic: "pruning",
        section: "s",
        difficulty: 1,
        exams: [:],
        prompt: "?",
        kind: .single(
          choices: ["no", "no", "the long and right one", "no"].rotated(by: index % 4),
          answer: (6 - index % 4) % 4
        ),
        explanation: "Because.",
        hints: []
      )
    }
    let balance = KeyBalance(cued)
    #expect(balance.single == 40)
    #expect(balance.keyedLongest == 40)
    #expect(balance.letters.values.allSatisfy { $0 == 10 })
    #expect(balance.diagnostics.count == 1)
    #expect(balance.diagnostics.first?.severity == .warning)
    #expect(balance.diagnostics.first?.message.contains("longest in 100 %") == true)
  }

  @Test func keyBalanceWarnsWhenOneLetterIsUsuallyTheKey() {
    let lopsided = (0..<40).map { index in
      Question(
        id: "l-\(index)",
        topic: "pruning",
        section: "s",
        difficulty: 1,
        exams: [:],
        prompt: "?",
        kind: .single(
          choices: ["aa", "bbb", "c", "dddd"].rotated(by: index % 4),
          answer: index < 30 ? 0 : 1
        ),
        explanation: "Because.",
        hints: []
      )
    }
    let messages = KeyBalance(lopsided).diagnostics.map(\.message)
    #expect(messages.contains { $0.hasPrefix("A is the key of 75 %") }, "\(messages)")
  }

  @Test func loadReportsAStrayFileAndSummarizesEachBrokenFileOnOneLine() throws {
    let root = NSTemporaryDirectory() + "goldilocks-lint-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: root) }
    try FileManager.default.createDirectory(
      atPath: root + "/content/chapters",
      withIntermediateDirectories: true
    )
    try FileManager.default.createDirectory(
      atPath: root + "/quizzes",
      withIntermediateDirectories: true
    )
    try "".write(toFile: root + "/content/chapters/x", atomically: true, encoding: .utf8)
    try chapterText(id: "a", order: 1).write(
      toFile: root + "/content/chapters/01-a.md",
      atomically: true,
      encoding: .utf8
    )
    try "topic: pruning\nquestions:\n  - id: [broken\n".write(
      toFile: root + "/quizzes/pruning.yaml",
      atomically: true,
      encoding: .utf8
    )
    let library = try ContentLibrary.load(root: root)
    #expect(library.chapters.count == 1)
    #expect(
      library.diagnostics.contains {
        $0.file == "content/chapters/x" && $0.severity == .warning
          && $0.message.hasPrefix("not read")
      }
    )
    let lines = library.loadProblems
    #expect(lines.count == 2, "\(lines)")
    #expect(lines.contains { $0.hasPrefix("content/chapters/x:1:1: not read") })
    #expect(lines.contains { $0.hasPrefix("quizzes/pruning.yaml:") && $0.contains("YAML") })
  }
}

extension Array {
  fileprivate func rotated(by count: Int) -> [Element] {
    guard !isEmpty else { return self }
    let shift = count % self.count
    return Array(self[shift...] + self[..<shift])
  }
}
