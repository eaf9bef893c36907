/// The exams a learner can target: MLA-C01 (until 2026-09-28) and MLA-C02 (from 2026-09-29).
public enum Exam: String, Sendable, CaseIterable, Codable {
  case c01
  case c02

  /// The exam's code as AWS writes it.
  public var code: String { self == .c01 ? "MLA-C01" : "MLA-C02" }

  /// The four domains with their weight in the scored questions.
  public var domains: [(number: Int, name: String, weight: Double)] {
    switch self {
    case .c01:
      return [
        (1, "Data Preparation for Machine Learning", 0.28),
        (2, "ML Model Development", 0.26),
        (3, "Deployment and Orchestration of ML Workflows", 0.22),
        (4, "ML Solution Monitoring, Maintenance, and Security", 0.24),
      ]
    case .c02:
      // Names as the C02 guide words them (third-party summary of AWS's guide,
      // checked 2026-12-04; see docs/content-format.md).
      return [
        (1, "Data Preparation for ML and AI", 0.28),
        (2, "ML Model and Foundation Model Development", 0.24),
        (3, "Deployment and Orchestration of ML and AI Workflows", 0.24),
        (4, "Operating, Monitoring, and Securing ML and AI Solutions", 0.24),
      ]
    }
  }
}

/// Where a chapter or question sits in one exam's guide, and whether that exam tests it.
public struct ExamTag: Sendable, Equatable, Codable {
  /// Task statements such as `2.2` or `2.1.7`.
  public var tasks: [String]
  /// Whether the exam tests this; `false` for skills the guide lists out of scope.
  public var inScope: Bool
  /// Why, when it helps the learner: "C02 dropped 'reducing model size'".
  public var note: String?

  public init(tasks: [String], inScope: Bool, note: String? = nil) {
    self.tasks = tasks
    self.inScope = inScope
    self.note = note
  }

  /// The domain number of the first task (`2` for `2.1.7`), if any.
  public var domain: Int? {
    tasks.first.flatMap { $0.split(separator: ".").first }.flatMap { Int($0) }
  }
}
