import Curriculum
import Foundation
import Terminal

/// What happened to one question.
enum QuestionOutcome {
  /// The learner answered; `hints` counts the hints they asked for.
  case answered(Grade, hints: Int, seconds: Double)
  /// The learner asked for the answer (counts as not known).
  case skipped(seconds: Double)
  /// The learner stopped the session (or input ended).
  case quit
}

/// Asks one question: shows it, reads answers, gives graded hints, and (unless the
/// caller defers feedback, as in an exam) shows the result and the explanation.
struct QuestionAsker {
  let context: CommandContext
  let input: AnswerInput
  /// When false, answers are recorded without saying whether they were right.
  var showFeedback = true
  /// Text put before the answer prompt (an exam's countdown).
  var promptPrefix: () -> String = { "" }

  func ask(_ question: Question, number: Int, of total: Int?, showScenario: Bool) -> QuestionOutcome
  {
    let presenter = QuestionPresenter(color: context.color, width: min(context.width, 100))
    context.output.line()
    context.output.line(
      presenter.render(question, number: number, of: total, showScenario: showScenario)
    )
    let start = Date()
    var hintsUsed = 0
    while true {
      guard let text = input.line(prompt: promptPrefix() + "answer> ") else { return .quit }
      let command = text.lowercased()
      if command.isEmpty { continue }
      if command == "quit" || command == "q" { return .quit }
      if command == "hint" || command == "h" {
        guard showFeedback else {
          context.output.line("No hints in an exam.")
          continue
        }
        if hintsUsed < question.hints.count {
          hintsUsed += 1
          context.output.line(
            context.color.apply(.yellow, to: "Hint \(hintsUsed)/\(question.hints.count): ")
              + question.hints[hintsUsed - 1]
          )
        } else {
          context.output.line(
            question.hints.isEmpty
              ? "This question has no hints." : "No more hints; `skip` shows the answer."
          )
        }
        continue
      }
      if command == "skip" || command == "s" {
        let seconds = Date().timeIntervalSince(start)
        if showFeedback {
          context.output.line(
            context.color.apply(.yellow, to: "Skipped.") + " The answer: " + question.answerText
          )
          explain(question)
        }
        return .skipped(seconds: seconds)
      }
      let grade = question.grade(text)
      if let problem = grade.problem {
        context.output.line(context.color.apply(.yellow, to: "? ") + problem)
        continue
      }
      let seconds = Date().timeIntervalSince(start)
      if showFeedback {
        if grade.isCorrect {
          context.output.line(context.color.apply(.green, .bold, to: "✓ Right."))
        } else {
          context.output.line(
            context.color.apply(.red, .bold, to: "✗ Not right.") + " The answer: " + grade.expected
          )
        }
        explain(question)
      }
      return .answered(grade, hints: hintsUsed, seconds: seconds)
    }
  }

  func explain(_ question: Question) {
    let presenter = QuestionPresenter(color: context.color, width: min(context.width, 100))
    context.output.line(presenter.wrap(question.explanation, indent: "  "))
    context.output.line(context.color.apply(.dim, to: "  Read more: `read \(question.section)`"))
  }
}
