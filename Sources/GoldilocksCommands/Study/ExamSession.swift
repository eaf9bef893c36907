import Curriculum
import Foundation
import Terminal

/// One sitting of a mock exam, as the real one works: move between the questions, flag
/// any to come back to, change answers until you submit, and a countdown that ends the
/// exam at zero and grades what was answered.
struct ExamSession {
  /// How the sitting ended.
  enum Ending: Equatable {
    /// The learner submitted.
    case submitted
    /// The countdown reached zero; `lateAnswer` when a line typed after it was discarded.
    case timeUp(lateAnswer: Bool)
    /// The learner typed `quit`.
    case quit
    /// Input ended (end of a pipe, Ctrl-D, Ctrl-C).
    case endOfInput
  }

  /// The words the exam understands besides answers.
  static let commands = ["flag", "next", "back", "list", "go N", "submit", "quit"]

  let context: CommandContext
  let input: AnswerInput
  let questions: [Question]
  let deadline: Date
  /// Answers by question index; a later answer replaces an earlier one.
  private(set) var answers: [Int: Grade] = [:]
  /// Indices of the flagged questions.
  private(set) var flagged: Set<Int> = []
  /// Seconds spent on each question, over all visits.
  private(set) var seconds: [Int: Double] = [:]

  init(context: CommandContext, input: AnswerInput, questions: [Question], deadline: Date) {
    self.context = context
    self.input = input
    self.questions = questions
    self.deadline = deadline
  }

  /// Runs the sitting until submit, time up, quit or end of input.
  mutating func run() -> Ending {
    var position: Int? = questions.isEmpty ? nil : 0
    var confirmingSubmit = false
    while true {
      if let index = position { show(index) } else { showOverview(reviewScreen: true) }
      var shownAt = context.now
      screen: while true {
        let label = position.map { "Q\($0 + 1)" } ?? "review"
        let deadline = deadline
        let clock = context.clock
        let result = input.line(
          prompt: {
            "[\(ExamCommand.clock(deadline.timeIntervalSince(clock.now))) left] \(label)> "
          },
          until: deadline
        )
        if let index = position {
          seconds[index, default: 0] += max(
            0,
            min(context.now, deadline).timeIntervalSince(shownAt)
          )
          shownAt = context.now
        }
        let text: String
        switch result {
        case .timedOut: return .timeUp(lateAnswer: false)
        case .late: return .timeUp(lateAnswer: true)
        case .endOfInput: return .endOfInput
        case .line(let line): text = line
        }
        let command = text.lowercased()
        if command.isEmpty { continue }
        if command == "submit" {
          let open = questions.indices.filter { answers[$0] == nil }
          if (!open.isEmpty || !flagged.isEmpty) && !confirmingSubmit {
            confirmingSubmit = true
            say(
              "\(Plural.count(open.count, "question")) unanswered and \(flagged.count) flagged: type `submit` again to submit, or `list` to see them."
            )
            continue
          }
          return .submitted
        }
        confirmingSubmit = false
        switch command {
        case "quit", "q":
          return .quit
        case "hint", "h":
          say("No hints in an exam: the real one has none.")
        case "flag":
          guard let index = position else {
            say("`go N` opens a question first; then `flag` marks it.")
            continue
          }
          if flagged.remove(index) == nil {
            flagged.insert(index)
            say("Question \(index + 1) flagged; `list` shows the flagged questions.")
          } else {
            say("Question \(index + 1) no longer flagged.")
          }
        case "next", "skip":
          position = position.flatMap { $0 + 1 < questions.count ? $0 + 1 : nil }
          break screen
        case "back":
          position = position.map { max(0, $0 - 1) } ?? questions.count - 1
          break screen
        case "list", "flagged":
          showOverview(reviewScreen: false)
        default:
          if command == "go" || command.hasPrefix("go ") || command.hasPrefix("go\t") {
            let number = Int(command.dropFirst(2).trimmingCharacters(in: .whitespaces))
            guard let number, (1...questions.count).contains(number) else {
              say("`go` takes a question number from 1 to \(questions.count), e.g. `go 3`.")
              continue
            }
            position = number - 1
            break screen
          }
          guard let index = position else {
            say("This is the review screen: `go N` opens question N, `submit` ends the exam.")
            continue
          }
          let grade = questions[index].grade(text)
          if let problem = grade.problem {
            context.output.line(context.color.apply(.yellow, to: "? ") + problem)
            continue
          }
          answers[index] = grade
          position = index + 1 < questions.count ? index + 1 : nil
          break screen
        }
      }
    }
  }

  private func show(_ index: Int) {
    var presenter = QuestionPresenter(color: context.color, width: min(context.width, 100))
    presenter.commands = Self.commands
    let question = questions[index]
    context.output.line()
    context.output.line(
      presenter.render(question, number: index + 1, of: questions.count, showScenario: true)
    )
    if flagged.contains(index) {
      context.output.line(context.color.apply(.yellow, to: "⚑ flagged"))
    }
    if let answer = answers[index] {
      context.output.line(
        context.color.apply(
          .dim,
          to: "Your answer so far: \(answer.normalized); type another to change it."
        )
      )
    }
  }

  /// The list of all questions: answered or not, flagged or not.
  func showOverview(reviewScreen: Bool) {
    let open = questions.indices.filter { answers[$0] == nil }
    context.output.line()
    context.output.line(
      context.color.apply(
        .bold,
        to: reviewScreen ? "Review before you submit" : "Your exam so far"
      )
        + ": \(questions.count - open.count) of \(questions.count) answered, \(flagged.count) flagged"
    )
    var row: [String] = []
    for index in questions.indices {
      let mark = (answers[index] == nil ? "○" : "●") + (flagged.contains(index) ? "⚑" : " ")
      let number = String(index + 1)
      row.append(String(repeating: " ", count: max(0, 3 - number.count)) + number + " " + mark)
      if row.count == 10 || index == questions.count - 1 {
        // The last cell's flag column is blank when unflagged: no trailing space.
        let line = row.joined(separator: " ")
        context.output.line(String(line.reversed().drop { $0 == " " }.reversed()))
        row = []
      }
    }
    context.output.line(context.color.apply(.dim, to: "● answered  ○ unanswered  ⚑ flagged"))
    if !flagged.isEmpty {
      context.output.line(
        "Flagged: " + flagged.sorted().map { "\($0 + 1)" }.joined(separator: ", ")
      )
    }
    if !open.isEmpty {
      context.output.line("Unanswered: " + open.map { "\($0 + 1)" }.joined(separator: ", "))
    }
    context.output.line(
      context.color.apply(.dim, to: "`go N` opens question N; `submit` ends the exam.")
    )
  }

  private func say(_ text: String) {
    context.output.line(TextWrapper.wrap(text, width: min(context.width, 100)))
  }
}
