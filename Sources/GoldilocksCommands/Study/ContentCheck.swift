import Curriculum
import Terminal

/// What `content` reports about the study content: its size, every diagnostic, the exam
/// pools by domain and how the single-choice answer keys are spread.
struct ContentCheck: Encodable {
  let root: String
  let chapters: Int
  let sections: Int
  let questions: Int
  let errors: Int
  let warnings: Int
  let diagnostics: [ContentDiagnostic]
  let examLength: Int
  let pools: [ExamPool]
  let answerKeys: KeyBalance
  /// `try` lines in the sections (shown in the text summary, not in the JSON document).
  private let tryLines: Int

  private enum CodingKeys: String, CodingKey {
    case root, chapters, sections, questions, errors, warnings, diagnostics, examLength, pools,
      answerKeys
  }

  /// The check of `library` (loaded from `root`) with the linter's `diagnostics`.
  init(root: String, library: ContentLibrary, diagnostics: [ContentDiagnostic]) {
    self.root = root
    chapters = library.chapters.count
    sections = library.sections.count
    questions = library.questions.count
    errors = diagnostics.filter { $0.severity == .error }.count
    warnings = diagnostics.count - errors
    self.diagnostics = diagnostics
    examLength = ExamPool.standardLength
    pools = Exam.allCases.flatMap { ExamPool.pools(library.questions, exam: $0) }
    answerKeys = KeyBalance(library.questions)
    tryLines = library.sections.reduce(0) { $0 + $1.tryCommands.count }
  }

  /// The summary after the diagnostics: the pools, the answer keys' spread, the counts.
  var summaryLines: [String] {
    Self.poolLines(pools) + [
      "Single-choice keys: the keyed option is the longest in \(KeyBalance.percent(answerKeys.longestShare)) of \(answerKeys.single) (chance \(KeyBalance.percent(answerKeys.chanceShare))); letters "
        + answerKeys.letters.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
        .joined(separator: ", "),
      "\(chapters) chapters, \(sections) sections, \(tryLines) try lines, \(questions) questions: \(Plural.count(errors, "error")), \(Plural.count(warnings, "warning"))",
    ]
  }

  /// The per-domain pool report: one heading per exam, one line per domain.
  static func poolLines(_ pools: [ExamPool]) -> [String] {
    var lines: [String] = []
    for exam in Exam.allCases {
      lines.append(
        "\(exam.code) pools for a \(ExamPool.standardLength)-question exam (single, multiple, ordering, matching and case items in scope):"
      )
      for pool in pools where pool.exam == exam {
        let status = pool.shortfall > 0 ? "SHORT by \(pool.shortfall)" : "ok"
        lines.append(
          "  domain \(pool.domain) \(KeyBalance.percent(pool.weight)): \(pool.quota) needed, \(pool.available) in the pool, \(status)"
        )
      }
    }
    return lines
  }
}
