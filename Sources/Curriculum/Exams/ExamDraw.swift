/// Draws a mock exam as the real one is built: only the real exam's item types (multiple
/// choice, multiple response, ordering, matching, and case studies made of these), in
/// proportion to the exam's domain weights, and never by filling one domain's quota from
/// another.
public struct ExamDraw: Sendable {
  public let exam: Exam
  public let seed: UInt64

  /// A draw for `exam` whose order follows `seed`.
  public init(exam: Exam, seed: UInt64) {
    self.exam = exam
    self.seed = seed
  }

  /// Whether the real exam uses this kind of item; numeric and short-answer items stay in
  /// `quiz` and `drill`.
  public static func isExamItem(_ question: Question) -> Bool {
    switch question.kind {
    case .single, .multiple, .ordering, .matching: return true
    case .numeric, .short: return false
    }
  }

  /// The questions an exam may draw: real item types, in scope for the exam, and placed
  /// in one of its domains by their task tag.
  public func pool(from questions: [Question]) -> [Question] {
    let domains = Set(exam.domains.map(\.number))
    return questions.filter { question in
      guard Self.isExamItem(question), question.isInScope(for: exam),
        let domain = question.exams[exam]?.domain
      else { return false }
      return domains.contains(domain)
    }
  }

  /// How many questions each domain gives to an exam of `count` questions: each weight's
  /// share rounded down, then one more for the largest remainders (ties to the lower
  /// domain number), so the quotas add up to `count`.
  public func quotas(for count: Int) -> [Int: Int] {
    let shares = exam.domains.map { (number: $0.number, exact: Double(count) * $0.weight) }
    var quota = Dictionary(uniqueKeysWithValues: shares.map { ($0.number, Int($0.exact)) })
    let remainder = count - quota.values.reduce(0, +)
    let byFraction = shares.sorted {
      let left = $0.exact - $0.exact.rounded(.down)
      let right = $1.exact - $1.exact.rounded(.down)
      return left != right ? left > right : $0.number < $1.number
    }
    for share in byFraction.prefix(max(0, remainder)) { quota[share.number, default: 0] += 1 }
    return quota
  }

  /// The domains whose pool is smaller than their quota for an exam of `count`.
  public func shortfalls(pool: [Question], count: Int) -> [ExamDrawError.Shortfall] {
    let available = Dictionary(grouping: pool) { $0.exams[exam]?.domain ?? 0 }.mapValues(\.count)
    let quota = quotas(for: count)
    return exam.domains.compactMap { domain in
      let needed = quota[domain.number] ?? 0
      let have = available[domain.number] ?? 0
      guard have < needed else { return nil }
      return ExamDrawError.Shortfall(
        domain: domain.number,
        name: domain.name,
        needed: needed,
        available: have
      )
    }
  }

  /// The largest exam the pool can fill at the weights (0 when none).
  public func largestFillable(pool: [Question]) -> Int {
    var count = pool.count
    while count > 0, !shortfalls(pool: pool, count: count).isEmpty { count -= 1 }
    return count
  }

  /// Draws `count` questions, each domain exactly its quota, in a seeded order with the
  /// parts of one case study kept together; throws when any domain falls short.
  ///
  /// The generator comes from the caller (the engine's `SeededGenerator`, seeded with `seed`),
  /// so the project has one seeded generator.
  public func draw(
    from questions: [Question],
    count: Int,
    using generator: inout some RandomNumberGenerator
  ) throws(ExamDrawError) -> [Question] {
    let pool = pool(from: questions)
    let missing = shortfalls(pool: pool, count: count)
    guard missing.isEmpty else {
      throw ExamDrawError.shortfall(
        exam: exam,
        count: count,
        missing: missing,
        largest: largestFillable(pool: pool)
      )
    }
    let byDomain = Dictionary(grouping: pool) { $0.exams[exam]?.domain ?? 0 }
    let quota = quotas(for: count)
    var picked: [Question] = []
    for domain in exam.domains.map(\.number) {
      var candidates = byDomain[domain] ?? []
      candidates.shuffle(using: &generator)
      picked += candidates.prefix(quota[domain] ?? 0)
    }
    picked.shuffle(using: &generator)
    return Self.groupingCases(picked)
  }

  /// Moves the later parts of each case study right after its first part, as the real
  /// exam presents a case's questions one after another.
  public static func groupingCases(_ questions: [Question]) -> [Question] {
    var result: [Question] = []
    var placed = Set<String>()
    for question in questions where !placed.contains(question.id) {
      result.append(question)
      placed.insert(question.id)
      guard let caseId = question.caseId else { continue }
      for part in questions where part.caseId == caseId && !placed.contains(part.id) {
        result.append(part)
        placed.insert(part.id)
      }
    }
    return result
  }
}
