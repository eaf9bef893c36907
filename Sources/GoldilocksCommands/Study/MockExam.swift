import Curriculum
import Foundation
import ProgressStore
import Terminal

/// One sitting of a timed mock exam: draws the questions to the exam's domain weights
/// (a new set each time unless `--seed` is given), runs the countdown session, says how it
/// ended, records every answer given (without touching the review schedule) and the exam.
struct MockExam {
  let context: CommandContext
  let store: any ProgressStoring
  let profileId: Int64
  let exam: Exam
  /// How many questions to draw.
  let questions: Int
  /// The time limit.
  let minutes: Double

  /// The graded exam, the questions in the order asked, and each answered question's
  /// normalised answer and whether it was right.
  struct Sitting {
    let report: ExamReport
    let drawn: [Question]
    let answers: [String: (answer: String, correct: Bool)]
  }

  /// Draws, asks, grades and records the exam.
  func sit() throws -> Sitting {
    let library = try context.session.library()
    // Without --seed each new exam draws a different set (the n-th exam uses seed 42 + n),
    // so a retake is not the same paper; --seed repeats one.
    let pastExams = try store.exams(profileId: profileId).count
    let seed = context.options.seed ?? 42 &+ UInt64(pastExams)
    let drawn = try ExamDraw(exam: exam, seed: seed).draw(
      from: library.questions,
      count: questions
    )
    let interaction = context.forInteraction()
    let input = AnswerInput(context: interaction)
    let started = context.now
    let deadline = started.addingTimeInterval(minutes * 60)
    interaction.output.line(
      interaction.color.apply(
        .bold,
        to:
          "\(exam.code) mock exam: \(Plural.count(drawn.count, "question")), \(ExamCommand.clock(minutes * 60))."
      )
    )
    interaction.output.line(
      TextWrapper.wrap(
        "No feedback and no hints until the end. `flag` marks a question, `next` and `back` move, `list` shows where you are, `go N` returns to a question, `submit` ends the exam.",
        width: min(interaction.width, 100)
      )
    )
    var sitting = ExamSession(
      context: interaction,
      input: input,
      questions: drawn,
      deadline: deadline
    )
    let ending = sitting.run()
    let finished = min(context.now, deadline)
    switch ending {
    case .timeUp(let late):
      interaction.output.line()
      interaction.output.line(
        interaction.color.apply(.yellow, .bold, to: "Time is up.")
          + " The exam ended at \(ExamCommand.clock(minutes * 60)); "
          + "\(Plural.count(sitting.answers.count, "answer")) graded, unanswered questions count as wrong."
          + (late ? " The answer typed after the deadline was not counted." : "")
      )
    case .endOfInput:
      interaction.output.line()
      interaction.output.line(
        "Input ended: the exam is graded as it stands (\(Plural.count(sitting.answers.count, "answer")))."
      )
    case .quit:
      interaction.output.line()
      interaction.output.line("Exam ended early; unanswered questions count as wrong.")
    case .submitted:
      break
    }
    let recorder = AnswerRecorder(store: store, profileId: profileId, clock: context.clock)
    var results: [String: (answer: String, correct: Bool)] = [:]
    for (index, question) in drawn.enumerated() {
      guard let grade = sitting.answers[index] else { continue }
      results[question.id] = (grade.normalized, grade.isCorrect)
      try recorder.record(
        question: question,
        answer: grade.normalized,
        correct: grade.isCorrect,
        seconds: sitting.seconds[index] ?? 0,
        mode: "exam",
        rating: grade.isCorrect ? .good : .again,
        updateSchedule: false,
        now: finished
      )
    }
    let report = ExamReport(
      exam: exam,
      questions: drawn,
      answers: results.mapValues(\.correct),
      timedOut: {
        if case .timeUp = ending { return true }
        return false
      }(),
      flagged: sitting.flagged.sorted().map { drawn[$0].id }
    )
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
    return Sitting(report: report, drawn: drawn, answers: results)
  }
}
