import ArgumentParser
import Curriculum
import Foundation
import ProgressStore
import Terminal

/// `exam`: a timed mock exam drawn to the exam's domain weights, scored at the end.
struct ExamCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "exam",
    abstract: "A timed mock exam weighted by the exam's domains.",
    discussion: """
      Questions are drawn in proportion to the domain weights of the chosen exam
      (MLA-C02: 28/24/24/24 %; MLA-C01: 28/26/22/24 %), only from questions in
      scope for it. There is no feedback until the end; unanswered questions count
      as wrong. The pass line is 72 % of the questions: AWS reports a scaled score
      from 100 to 1,000 with 720 to pass, and its scaling is not public. --history
      lists past exams with their trend.
      """
  )

  @OptionGroup var global: GlobalOptions
  @Option(help: "Number of questions.") var questions: Int = 20
  @Option(help: "Time limit in minutes.") var minutes: Double = 40
  @Option(help: "The exam to follow: c01 or c02.") var exam: Exam = .c02
  @Flag(help: "Show past exams and their trend instead.") var history = false

  static let passLine = 0.72

  mutating func run() throws {
    let context = CommandContext(global)
    let store = try context.store()
    let profile = try context.profile(in: store)
    let profileId = profile.id ?? 0
    if history {
      try showHistory(store: store, profileId: profileId, context: context)
      return
    }
    guard questions > 0, minutes > 0 else {
      throw GoldilocksError.invalidValue("--questions and --minutes must be positive")
    }
    let library = try context.session.library()
    let pool = library.questions.filter { $0.isInScope(for: exam) }
    let drawn = ExamDraw(exam: exam, seed: context.seed).draw(from: pool, count: questions)
    guard !drawn.isEmpty else {
      throw GoldilocksError.invalidValue("no questions are in scope for \(exam.code)")
    }
    let interaction = context.forInteraction()
    let input = AnswerInput(context: interaction)
    var asker = QuestionAsker(context: interaction, input: input)
    let started = Date()
    let deadline = started.addingTimeInterval(minutes * 60)
    interaction.output.line(
      interaction.color.apply(
        .bold,
        to: "\(exam.code) mock exam: \(drawn.count) questions, \(Self.clock(minutes * 60))."
      )
        + " No feedback until the end; `quit` ends early."
    )

    asker.showFeedback = false
    asker.promptPrefix = {
      let left = max(0, deadline.timeIntervalSinceNow)
      return "[\(Self.clock(left)) left] "
    }
    let recorder = AnswerRecorder(store: store, profileId: profileId)
    var answers: [String: (answer: String, correct: Bool)] = [:]
    var seenCases = Set<String>()
    questionLoop: for (index, question) in drawn.enumerated() {
      if Date() >= deadline {
        interaction.output.line(interaction.color.apply(.yellow, to: "Time is up."))
        break
      }
      let showScenario = question.caseId.map { seenCases.insert($0).inserted } ?? false
      switch asker.ask(question, number: index + 1, of: drawn.count, showScenario: showScenario) {
      case .quit:
        break questionLoop
      case .skipped(let seconds):
        answers[question.id] = ("(skipped)", false)
        try recorder.record(
          question: question,
          answer: "(skipped)",
          correct: false,
          seconds: seconds,
          mode: "exam",
          rating: .again,
          updateSchedule: false
        )
      case .answered(let grade, _, let seconds):
        let late = Date() > deadline
        let correct = grade.isCorrect && !late
        answers[question.id] = (
          late ? grade.normalized + " (after time)" : grade.normalized, correct
        )
        try recorder.record(
          question: question,
          answer: grade.normalized,
          correct: correct,
          seconds: seconds,
          mode: "exam",
          rating: correct ? .good : .again,
          updateSchedule: false
        )
      }
    }
    let finished = Date()
    let report = ExamReport(exam: exam, questions: drawn, answers: answers.mapValues(\.correct))
    try store.recordExam(
      ExamResult(
        profileId: profileId,
        exam: exam.rawValue,
        questions: drawn.count,
        correct: report.correct,
        minutes: finished.timeIntervalSince(started) / 60,
        startedAt: started,
        finishedAt: finished,
        detailJSON: report.detailJSON()
      )
    )
    if context.json {
      try context.printJSON(report.summary)
      return
    }
    render(report, answers: answers, drawn: drawn, context: context)
  }

  private func render(
    _ report: ExamReport,
    answers: [String: (answer: String, correct: Bool)],
    drawn: [Question],
    context: CommandContext
  ) {
    let color = context.color
    let score = report.score
    context.output.line()
    let verdict =
      score >= Self.passLine
      ? color.apply(.green, .bold, to: "PASS") : color.apply(.red, .bold, to: "NOT YET")
    context.output.line(
      color.apply(
        .bold,
        to: "Score: \(report.correct) of \(drawn.count) (\(Int((score * 100).rounded()))%)"
      )
        + " · pass line 72 % · \(verdict)"
    )
    var rows: [[String]] = []
    for domain in report.domains {
      rows.append([
        "D\(domain.number) \(domain.name)", "\(domain.correct)/\(domain.total)",
        ProgressCommand.bar(
          fraction: domain.total == 0 ? 0 : Double(domain.correct) / Double(domain.total),
          width: 12
        ),
      ])
    }
    context.output.line(
      TextTable(header: ["domain", "right", ""], rows: rows, alignments: [.left, .right, .left])
        .render()
    )
    let topicRows = report.topics.map { topic in
      [topic.topic, "\(topic.correct)/\(topic.total)"]
    }
    context.output.line(
      TextTable(header: ["topic", "right"], rows: topicRows, alignments: [.left, .right]).render()
    )
    let wrong = drawn.filter { answers[$0.id]?.correct != true }
    guard !wrong.isEmpty else { return }
    context.output.line()
    context.output.line(
      color.apply(.bold, to: "Review of the \(wrong.count) question(s) you missed")
    )
    let presenter = QuestionPresenter(color: color, width: min(context.width, 100))
    for question in wrong {
      context.output.line()
      context.output.line(
        color.apply(.bold, to: question.id) + color.apply(.dim, to: " · \(question.topic)")
      )
      context.output.line(presenter.wrap(question.prompt, indent: "  "))
      context.output.line("  your answer: \(answers[question.id]?.answer ?? "(not answered)")")
      context.output.line("  right answer: \(question.answerText)")
      context.output.line(presenter.wrap(question.explanation, indent: "  "))
      context.output.line(color.apply(.dim, to: "  Read more: `read \(question.section)`"))
    }
  }

  private func showHistory(store: any ProgressStoring, profileId: Int64, context: CommandContext)
    throws
  {
    let exams = try store.exams(profileId: profileId)
    if context.json {
      struct Entry: Encodable {
        let exam: String
        let questions: Int
        let correct: Int
        let score: Double
        let minutes: Double
        let finishedAt: Date
      }
      try context.printJSON(
        exams.map {
          Entry(
            exam: $0.exam,
            questions: $0.questions,
            correct: $0.correct,
            score: $0.score,
            minutes: $0.minutes,
            finishedAt: $0.finishedAt
          )
        }
      )
      return
    }
    guard !exams.isEmpty else {
      context.say("No exams yet: `exam` starts one.")
      return
    }
    let rows = exams.map {
      [
        $0.finishedAt.formatted(.iso8601.year().month().day()), $0.exam.uppercased(),
        "\($0.correct)/\($0.questions)", "\(Int(($0.score * 100).rounded()))%",
        $0.score >= Self.passLine ? "pass" : "",
      ]
    }
    context.output.line(
      TextTable(
        header: ["date", "exam", "right", "score", ""],
        rows: rows,
        alignments: [.left, .left, .right, .right, .left]
      ).render()
    )
    let sparks = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
    let trend = exams.map { sparks[min(7, Int($0.score * 8))] }.joined()
    context.output.line("trend: \(trend)")
  }

  /// `mm:ss`, or `h:mm:ss` for an hour or more.
  static func clock(_ seconds: Double) -> String {
    let total = Int(seconds.rounded(.down))
    let hours = total / 3600
    let minutes = (total % 3600) / 60
    let secs = total % 60
    return hours > 0
      ? String(format: "%d:%02d:%02d", hours, minutes, secs)
      : String(format: "%02d:%02d", minutes, secs)
  }
}

/// Draws exam questions in proportion to the domain weights.
struct ExamDraw {
  let exam: Exam
  let seed: UInt64

  func draw(from pool: [Question], count: Int) -> [Question] {
    var generator = SplitMix(seed: seed)
    var byDomain = Dictionary(grouping: pool) { $0.exams[exam]?.domain ?? 2 }
    for key in byDomain.keys.sorted() { byDomain[key]?.shuffle(using: &generator) }
    let target = min(count, pool.count)
    // Largest remainder: floor of each share, then the biggest fractions get one more.
    let shares = exam.domains.map { (number: $0.number, exact: Double(target) * $0.weight) }
    var quota = Dictionary(uniqueKeysWithValues: shares.map { ($0.number, Int($0.exact)) })
    let remainder = target - quota.values.reduce(0, +)
    for share in shares.sorted(by: {
      $0.exact - Double(Int($0.exact)) > $1.exact - Double(Int($1.exact))
    })
    .prefix(remainder) {
      quota[share.number, default: 0] += 1
    }
    var picked: [Question] = []
    var leftovers: [Question] = []
    for domain in exam.domains.map(\.number) {
      let available = byDomain[domain] ?? []
      let take = min(quota[domain] ?? 0, available.count)
      picked += available.prefix(take)
      leftovers += available.dropFirst(take)
    }
    for domain in byDomain.keys.sorted() where !exam.domains.map(\.number).contains(domain) {
      leftovers += byDomain[domain] ?? []
    }
    leftovers.shuffle(using: &generator)
    picked += leftovers.prefix(target - picked.count)
    picked.shuffle(using: &generator)
    return picked
  }
}

/// The results of one exam by domain and topic.
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
    let score: Double
    let passed: Bool
    let domains: [DomainResult]
    let topics: [TopicResult]
  }

  let exam: Exam
  let correct: Int
  let total: Int
  let domains: [DomainResult]
  let topics: [TopicResult]

  init(exam: Exam, questions: [Question], answers: [String: Bool]) {
    self.exam = exam
    total = questions.count
    correct = questions.filter { answers[$0.id] == true }.count
    domains = exam.domains.map { domain in
      let inDomain = questions.filter { ($0.exams[exam]?.domain ?? 2) == domain.number }
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

  var score: Double { total == 0 ? 0 : Double(correct) / Double(total) }

  var summary: Summary {
    Summary(
      exam: exam.rawValue,
      questions: total,
      correct: correct,
      score: score,
      passed: score >= ExamCommand.passLine,
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
