import Foundation

/// The results of one mock exam: raw and scaled score, and results by domain and topic.
public struct ExamReport: Sendable {
  /// Right answers out of the questions of one exam domain.
  public struct DomainResult: Encodable, Sendable {
    public let number: Int
    public let name: String
    public let correct: Int
    public let total: Int
  }

  /// Right answers out of the questions of one topic.
  public struct TopicResult: Encodable, Sendable {
    public let topic: String
    public let correct: Int
    public let total: Int
  }

  /// What `exam --json` prints and the exam history stores.
  public struct Summary: Encodable, Sendable {
    public let exam: String
    public let questions: Int
    public let correct: Int
    public let answered: Int
    public let score: Double
    /// The approximate scaled score (100–1,000); see ``ExamReport/scaled(_:)``.
    public let scaledScore: Int
    public let passed: Bool
    public let timedOut: Bool
    public let flagged: [String]
    public let domains: [DomainResult]
    public let topics: [TopicResult]
  }

  /// The share of right answers at the pass line.
  public static let passLine = 0.72
  /// The scaled score that passes, as AWS reports it.
  public static let scaledPass = 720

  public let exam: Exam
  public let correct: Int
  public let total: Int
  public let answered: Int
  public let timedOut: Bool
  public let flagged: [String]
  public let domains: [DomainResult]
  public let topics: [TopicResult]

  /// The report of `questions` answered as `answers` says (question id → right or
  /// wrong; a missing id was not answered).
  public init(
    exam: Exam,
    questions: [Question],
    answers: [String: Bool],
    timedOut: Bool = false,
    flagged: [String] = []
  ) {
    self.exam = exam
    self.timedOut = timedOut
    self.flagged = flagged
    total = questions.count
    answered = questions.filter { answers[$0.id] != nil }.count
    correct = questions.filter { answers[$0.id] == true }.count
    domains = exam.domains.map { domain in
      let inDomain = questions.filter { $0.exams[exam]?.domain == domain.number }
      return DomainResult(
        number: domain.number,
        name: domain.name,
        correct: inDomain.filter { answers[$0.id] == true }.count,
        total: inDomain.count
      )
    }
    topics = Dictionary(grouping: questions, by: \.topic).map { topic, items in
      TopicResult(
        topic: topic,
        correct: items.filter { answers[$0.id] == true }.count,
        total: items.count
      )
    }.sorted { $0.topic < $1.topic }
  }

  /// The share of questions answered right; unanswered questions count as wrong.
  public var score: Double { total == 0 ? 0 : Double(correct) / Double(total) }

  /// The score on AWS's 100–1,000 scale; see ``scaled(_:)``.
  public var scaledScore: Int { Self.scaled(score) }

  /// Whether the score reaches the pass line.
  public var passed: Bool { score >= Self.passLine - 1e-12 }

  /// An approximation of AWS's scaled score (100–1,000, 720 to pass) from the raw share.
  ///
  /// AWS does not publish its scaling (it equates forms of different difficulty), so
  /// Goldilocks maps linearly in two pieces through three fixed points: 0 % → 100,
  /// 72 % (this tool's pass line) → 720, 100 % → 1,000. A raw share passes exactly when
  /// its scaled score does (scores are rounded down, so 71.9 % is 719, not 720).
  public static func scaled(_ share: Double) -> Int {
    let raw = max(0, min(1, share.isFinite ? share : 0))
    let value =
      raw <= passLine
      ? 100 + raw / passLine * Double(scaledPass - 100)
      : Double(scaledPass) + (raw - passLine) / (1 - passLine) * Double(1000 - scaledPass)
    return Int((value + 1e-9).rounded(.down))
  }

  /// The report as `exam --json` prints it.
  public var summary: Summary {
    Summary(
      exam: exam.rawValue,
      questions: total,
      correct: correct,
      answered: answered,
      score: score,
      scaledScore: scaledScore,
      passed: passed,
      timedOut: timedOut,
      flagged: flagged,
      domains: domains,
      topics: topics
    )
  }

  /// The summary as compact JSON, for the exam history.
  public func detailJSON() -> String {
    let encoder = JSONEncoder()
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.outputFormatting = [.sortedKeys]
    return (try? encoder.encode(summary)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
  }
}
