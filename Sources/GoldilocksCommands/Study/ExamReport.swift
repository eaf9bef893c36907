import Curriculum
import Foundation

/// The results of one mock exam: raw and scaled score, and results by domain and topic.
struct ExamReport {
  struct DomainResult: Encodable {
    let number: Int
    let name: String
    let correct: Int
    let total: Int
  }

  struct TopicResult: Encodable {
    let topic: String
    let correct: Int
    let total: Int
  }

  struct Summary: Encodable {
    let exam: String
    let questions: Int
    let correct: Int
    let answered: Int
    let score: Double
    /// The approximate scaled score (100–1,000); see ``ExamReport/scaled(_:)``.
    let scaledScore: Int
    let passed: Bool
    let timedOut: Bool
    let flagged: [String]
    let domains: [DomainResult]
    let topics: [TopicResult]
  }

  /// The share of right answers at the pass line.
  static let passLine = 0.72
  /// The scaled score that passes, as AWS reports it.
  static let scaledPass = 720

  let exam: Exam
  let correct: Int
  let total: Int
  let answered: Int
  let timedOut: Bool
  let flagged: [String]
  let domains: [DomainResult]
  let topics: [TopicResult]

  init(
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
  var score: Double { total == 0 ? 0 : Double(correct) / Double(total) }

  var scaledScore: Int { Self.scaled(score) }

  var passed: Bool { score >= Self.passLine - 1e-12 }

  /// An approximation of AWS's scaled score (100–1,000, 720 to pass) from the raw share.
  ///
  /// AWS does not publish its scaling (it equates forms of different difficulty), so
  /// Goldilocks maps linearly in two pieces through three fixed points: 0 % → 100,
  /// 72 % (this tool's pass line) → 720, 100 % → 1,000. A raw share passes exactly when
  /// its scaled score does (scores are rounded down, so 71.9 % is 719, not 720).
  static func scaled(_ share: Double) -> Int {
    let raw = max(0, min(1, share.isFinite ? share : 0))
    let value =
      raw <= passLine
      ? 100 + raw / passLine * Double(scaledPass - 100)
      : Double(scaledPass) + (raw - passLine) / (1 - passLine) * Double(1000 - scaledPass)
    return Int((value + 1e-9).rounded(.down))
  }

  var summary: Summary {
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

  func detailJSON() -> String {
    let encoder = JSONEncoder()
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.outputFormatting = [.sortedKeys]
    return (try? encoder.encode(summary)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
  }
}
