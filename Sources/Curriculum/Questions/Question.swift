/// One question of a bank, with everything needed to ask, grade and explain it.
public struct Question: Sendable, Equatable, Identifiable {
  /// Stable id, unique across all banks; progress is keyed by it.
  public let id: String
  public let topic: String
  /// The id of the section that teaches it.
  public let section: String
  /// 1 easy, 2 medium, 3 hard.
  public let difficulty: Int
  public let exams: [Exam: ExamTag]
  public let prompt: String
  public let kind: QuestionKind
  public let explanation: String
  /// Up to three hints, from a nudge to nearly the answer.
  public let hints: [String]
  /// How deep the question goes; decides whether it may be in an exam's scope.
  public let depth: QuestionDepth
  /// For a case-study question: the case's id and the shared scenario.
  public let caseId: String?
  public let scenario: String?
  /// Where the question is written, for diagnostics.
  public let file: String
  public let line: Int

  public init(
    id: String,
    topic: String,
    section: String,
    difficulty: Int,
    exams: [Exam: ExamTag],
    prompt: String,
    kind: QuestionKind,
    explanation: String,
    hints: [String],
    caseId: String? = nil,
    scenario: String? = nil,
    file: String = "",
    line: Int = 0,
    depth: QuestionDepth = .concept
  ) {
    self.id = id
    self.topic = topic
    self.section = section
    self.difficulty = difficulty
    self.exams = exams
    self.prompt = prompt
    self.kind = kind
    self.explanation = explanation
    self.hints = hints
    self.depth = depth
    self.caseId = caseId
    self.scenario = scenario
    self.file = file
    self.line = line
  }

  /// Whether the question is on `exam`'s syllabus.
  public func isInScope(for exam: Exam) -> Bool { exams[exam]?.inScope ?? true }
}
