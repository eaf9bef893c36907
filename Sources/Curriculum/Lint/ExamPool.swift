/// One exam domain's pool of questions against its share of a mock exam.
///
/// A mock exam draws only the real exam's item types (single, multiple, ordering,
/// matching, and the sub-questions of a case study that are one of those) among
/// questions tagged in scope for the exam, by domain weight. `content lint` reports
/// each pool and fails when one is smaller than its quota.
public struct ExamPool: Sendable, Equatable, Encodable {
  /// The length of the real exams (50 scored plus 15 unscored questions).
  public static let standardLength = 65

  public let exam: Exam
  /// The domain number, 1 to 4.
  public let domain: Int
  public let name: String
  /// The domain's share of the scored questions (0.28 for 28 %).
  public let weight: Double
  /// How many questions of a `length`-question exam the domain gets.
  public let quota: Int
  /// Exam-type questions in scope for the exam and tagged with this domain.
  public let available: Int
  /// How many more questions the domain needs (0 when the pool is big enough).
  public let shortfall: Int

  /// Whether `question` is one of the item types the real exam uses.
  public static func isExamType(_ question: Question) -> Bool {
    switch question.kind {
    case .single, .multiple, .ordering, .matching: return true
    case .numeric, .short: return false
    }
  }

  /// Each domain's number of questions in a `length`-question exam: the weights
  /// times the length, rounded by largest remainder so that they add up to `length`.
  public static func quotas(for exam: Exam, length: Int = standardLength) -> [Int: Int] {
    let domains = exam.domains
    let total = domains.reduce(0) { $0 + $1.weight }
    guard total > 0, length > 0 else { return [:] }
    let exact = domains.map { (number: $0.number, value: $0.weight / total * Double(length)) }
    var quotas = Dictionary(uniqueKeysWithValues: exact.map { ($0.number, Int($0.value)) })
    var left = length - quotas.values.reduce(0, +)
    let byRemainder = exact.sorted {
      ($0.value - $0.value.rounded(.down), -$0.number) > (
        $1.value - $1.value.rounded(.down), -$1.number
      )
    }
    for entry in byRemainder where left > 0 {
      quotas[entry.number, default: 0] += 1
      left -= 1
    }
    return quotas
  }

  /// The pool of every domain of `exam` among `questions`, in domain order.
  public static func pools(
    _ questions: [Question],
    exam: Exam,
    length: Int = standardLength
  ) -> [ExamPool] {
    let quotas = quotas(for: exam, length: length)
    var counts: [Int: Int] = [:]
    for question in questions where isExamType(question) {
      guard let tag = question.exams[exam], tag.inScope, let domain = tag.domain else { continue }
      counts[domain, default: 0] += 1
    }
    return exam.domains.map { domain in
      let quota = quotas[domain.number] ?? 0
      let available = counts[domain.number] ?? 0
      return ExamPool(
        exam: exam,
        domain: domain.number,
        name: domain.name,
        weight: domain.weight,
        quota: quota,
        available: available,
        shortfall: max(0, quota - available)
      )
    }
  }
}
