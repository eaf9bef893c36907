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
      scope for it and only of the real exam's item types (multiple choice,
      multiple response, ordering, matching, case study); numeric and short
      answers stay in `quiz` and `drill`. When a domain has too few questions the
      exam does not start. Each new exam draws a different set; --seed repeats
      one. The real exam has 65 questions in 130 minutes, and the time limit
      keeps that pace by default: `exam --questions 65` gives 130 minutes.

      As in the real exam: no feedback and no hints until the end; `flag` marks a
      question, `next` and `back` move, `list` shows what is answered and
      flagged, `go N` returns to a question, and any answer may be changed until
      `submit`. At zero the countdown ends the exam and grades what was answered;
      unanswered questions count as wrong.

      The report gives the raw percentage and a scaled score from 100 to 1,000
      (720 passes). AWS does not publish its scaling; Goldilocks approximates it
      linearly through 0 % → 100, 72 % → 720 and 100 % → 1,000. --history lists
      past exams with their trend.
      """
  )

  @OptionGroup var global: GlobalOptions
  @Option(parsing: .unconditional, help: "Number of questions (1 to 200).") var questions: Int = 20
  @Option(
    parsing: .unconditional,
    help: "Time limit in minutes (1 to 600; default 2 a question, the real exam's 130 for 65)."
  ) var minutes: Double?
  @Option(help: "The exam to follow: c01 or c02.") var exam: Exam = .c02
  @Flag(help: "Show past exams and their trend instead.") var history = false

  /// `--minutes`, or the real exam's pace of two minutes a question.
  var timeLimit: Double { minutes ?? Double(questions) * 2 }

  static let passLine = ExamReport.passLine
  static let minuteRange = 1.0...600.0
  static let questionRange = 1...200

  /// Checks the size and time of a new exam (`--history` takes neither).
  func validate() throws {
    guard !history else { return }
    guard Self.questionRange.contains(questions) else {
      throw GoldilocksError.invalidValue(
        "--questions must be from \(Self.questionRange.lowerBound) to \(Self.questionRange.upperBound) (the real exam has 65); got \(questions)"
      )
    }
    guard timeLimit.isFinite, Self.minuteRange.contains(timeLimit) else {
      throw GoldilocksError.invalidValue(
        "--minutes must be a number from 1 to 600 (the real exam gives 130 for 65 questions); got \(timeLimit)"
      )
    }
  }

  mutating func run() throws {
    let context = CommandContext(global)
    let store = try context.store()
    let profile = try context.profile(in: store)
    let profileId = profile.id ?? 0
    if history {
      try showHistory(store: store, profileId: profileId, context: context)
      return
    }
    let sitting = try MockExam(
      context: context,
      store: store,
      profileId: profileId,
      exam: exam,
      questions: questions,
      minutes: timeLimit
    ).sit()
    let report = sitting.report
    if context.json {
      try context.printJSON(report.summary)
      return
    }
    render(report, answers: sitting.answers, drawn: sitting.drawn, context: context)
  }

  private func render(
    _ report: ExamReport,
    answers: [String: (answer: String, correct: Bool)],
    drawn: [Question],
    context: CommandContext
  ) {
    let color = context.color
    context.output.line()
    let verdict =
      report.passed
      ? color.apply(.green, .bold, to: "PASS") : color.apply(.red, .bold, to: "NOT YET")
    let percent = Self.percent(report.score)
    context.output.line(
      color.apply(
        .bold,
        to:
          "Score: \(report.correct) of \(drawn.count) right (\(percent) %) · scaled ≈ \(Self.thousands(report.scaledScore)) of 1,000"
      )
        + " · pass 720 · \(verdict)"
    )
    context.say(
      color.apply(
        .dim,
        to:
          "The scaled score is an approximation: AWS does not publish its scaling; Goldilocks maps 0 % → 100, 72 % → 720, 100 % → 1,000, linearly in between."
      )
    )
    if report.answered < report.total {
      context.output.line(
        "\(Plural.count(report.total - report.answered, "question")) not answered (counted as wrong)."
      )
    }
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
      color.apply(
        .bold,
        to: "Review of the \(Plural.count(wrong.count, "question")) you missed or left open"
      )
    )
    let presenter = QuestionPresenter(color: color, width: min(context.width, 100))
    for question in wrong {
      context.output.line()
      context.output.line(
        color.apply(.bold, to: question.id) + color.apply(.dim, to: " · \(question.topic)")
          + (report.flagged.contains(question.id) ? color.apply(.yellow, to: " · ⚑ flagged") : "")
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
        let scaledScore: Int
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
            scaledScore: ExamReport.scaled($0.score),
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
        "\($0.correct)/\($0.questions)", "\(Self.percent($0.score))%",
        "≈\(Self.thousands(ExamReport.scaled($0.score)))",
        $0.score >= Self.passLine - 1e-12 ? "pass" : "",
      ]
    }
    context.output.line(
      TextTable(
        header: ["date", "exam", "right", "score", "scaled", ""],
        rows: rows,
        alignments: [.left, .left, .right, .right, .right, .left]
      ).render()
    )
    let sparks = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
    let trend = exams.map { sparks[min(7, Self.percent($0.score) * 8 / 100)] }.joined()
    context.output.line("trend: \(trend)")
  }

  /// A scaled score as AWS prints it: "1,000".
  static func thousands(_ value: Int) -> String {
    value >= 1000 ? "\(value / 1000),\(String(format: "%03d", value % 1000))" : "\(value)"
  }

  /// A share as a whole percentage, rounded down and clamped to 0…100 (never a trap,
  /// whatever an imported record holds).
  static func percent(_ share: Double) -> Int {
    guard share.isFinite else { return 0 }
    return Int((max(0, min(1, share)) * 100 + 1e-9).rounded(.down))
  }

  /// `mm:ss`, or `h:mm:ss` for an hour or more; negative or non-finite times show as 00:00.
  static func clock(_ seconds: Double) -> String {
    let bounded = seconds.isFinite ? max(0, min(seconds, 999 * 3600)) : 0
    let total = Int(bounded.rounded(.down))
    let hours = total / 3600
    let minutes = (total % 3600) / 60
    let secs = total % 60
    return hours > 0
      ? String(format: "%d:%02d:%02d", hours, minutes, secs)
      : String(format: "%02d:%02d", minutes, secs)
  }
}
