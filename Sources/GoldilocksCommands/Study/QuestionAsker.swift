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
/// caller defers feedback) shows the result and the explanation.
struct QuestionAsker {
  /// What one prompt ended with: an outcome, or one of the caller's own commands.
  enum Reply {
    case outcome(QuestionOutcome)
    /// The learner typed one of `extraCommands` (the whole line, lower-cased).
    case command(String)
  }

  let context: CommandContext
  let input: AnswerInput
  /// When false, answers are recorded without saying whether they were right.
  var showFeedback = true
  /// Words (besides answers, `hint`, `skip` and `quit`) that the caller handles itself,
  /// such as a review's `undo`.
  var extraCommands: [String] = []
  /// Text put before the answer prompt.
  var promptPrefix: () -> String = { "" }

  /// Asks `question`; `total` is `nil` for an endless series.
  func ask(_ question: Question, number: Int, of total: Int?, showScenario: Bool)
    -> QuestionOutcome
  {
    switch ask(question, number: number, of: total, showScenario: showScenario, commands: []) {
    case .outcome(let outcome): return outcome
    case .command: return .quit
    }
  }

  /// Asks `question`, returning `.command` when the learner types one of `commands`.
  func ask(
    _ question: Question,
    number: Int,
    of total: Int?,
    showScenario: Bool,
    commands: [String]
  ) -> Reply {
    var presenter = QuestionPresenter(color: context.color, width: min(context.width, 100))
    presenter.commands = (showFeedback ? ["hint", "skip"] : ["skip"]) + commands + ["quit"]
    context.output.line()
    context.output.line(
      presenter.render(question, number: number, of: total, showScenario: showScenario)
    )
    let clock = context.clock
    let start = clock.now
    var hintsUsed = 0
    while true {
      guard let text = input.line(prompt: promptPrefix() + "answer> ") else {
        return .outcome(.quit)
      }
      let command = text.lowercased()
      if command.isEmpty { continue }
      if command == "quit" || command == "q" { return .outcome(.quit) }
      if commands.contains(command) { return .command(command) }
      if command == "hint" || command == "h" {
        guard showFeedback else {
          context.output.line("No hints here: answers are graded at the end.")
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
        let seconds = clock.now.timeIntervalSince(start)
        if showFeedback {
          context.output.line(
            context.color.apply(.yellow, to: "Skipped.") + " The answer: " + question.answerText
          )
          explain(question)
        }
        return .outcome(.skipped(seconds: seconds))
      }
      let grade = question.grade(text)
      if let problem = grade.problem {
        context.output.line(context.color.apply(.yellow, to: "? ") + problem)
        continue
      }
      let seconds = clock.now.timeIntervalSince(start)
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
      return .outcome(.answered(grade, hints: hintsUsed, seconds: seconds))
    }
  }

  func explain(_ question: Question) {
    let presenter = QuestionPresenter(color: context.color, width: min(context.width, 100))
    context.output.line(presenter.wrap(question.explanation, indent: "  "))
    context.output.line(context.color.apply(.dim, to: "  Read more: `read \(question.section)`"))
  }
}
