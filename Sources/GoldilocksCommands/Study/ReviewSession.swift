import Curriculum
import Foundation
import ProgressStore
import Terminal

/// One review session at the terminal (or from piped answers): asks each card of a
/// `ReviewQueue`, shows the next interval of every rating before the learner rates, records
/// the rating (or, cramming, only the answer), and lets `undo` take back the last rating.
struct ReviewSession {
  let context: CommandContext
  let store: any ProgressStoring
  let profileId: Int64
  /// Drill without changing the schedule.
  let cram: Bool

  /// One rating given in this session, kept so that `undo` can take it back.
  private struct Given {
    let position: Int
    let recorded: AnswerRecorder.Recorded
    let correct: Bool
  }

  /// Asks every card of `queue` (which is not empty), then prints the summary and status.
  func run(_ queue: ReviewQueue) throws {
    let newCount = queue.items.filter(\.isNew).count
    context.output.line(
      context.color.apply(
        .bold,
        to: cram
          ? "Cram: \(Plural.count(queue.items.count, "card")), schedule unchanged."
          : "Review: \(Plural.count(queue.items.count - newCount, "card")) due"
            + (newCount > 0 ? ", \(newCount) new." : ".")
      )
    )
    let interaction = context.forInteraction()
    let input = AnswerInput(context: interaction)
    let asker = QuestionAsker(context: interaction, input: input)
    let recorder = AnswerRecorder(store: store, profileId: profileId, clock: context.clock)
    var given: [Given] = []
    var index = 0
    while true {
      if index >= queue.items.count {
        // At a terminal the last rating can still be taken back before the session ends.
        guard !cram, input.isInteractive, !given.isEmpty,
          input.line(
            prompt: interaction.color.apply(
              .dim,
              to: "[Enter: finish; `undo`: take back that rating] "
            )
          )?
          .lowercased() == "undo"
        else { break }
        index = try undo(&given, recorder: recorder, context: interaction)
        continue
      }
      let item = queue.items[index]
      let question = item.question
      let reply = asker.ask(
        question,
        number: index + 1,
        of: queue.items.count,
        showScenario: true,
        commands: given.isEmpty || cram ? [] : ["undo"]
      )
      let correct: Bool
      let answer: String
      let seconds: Double
      var rating: Rating
      switch reply {
      case .command:
        index = try undo(&given, recorder: recorder, context: interaction)
        continue
      case .outcome(.quit):
        finish(given: given, store: store, profileId: profileId, context: context)
        return
      case .outcome(.skipped(let time)):
        (correct, answer, seconds, rating) = (false, "(skipped)", time, .again)
      case .outcome(.answered(let grade, let hints, let time)):
        correct = grade.isCorrect
        answer = grade.normalized
        seconds = time
        rating = AnswerRecorder.defaultRating(correct: grade.isCorrect, hints: hints)
      }
      let answeredAt = context.now
      var outcomes = AnswerRecorder.Outcomes.none
      if !cram {
        outcomes = try recorder.outcomes(questionId: question.id, at: answeredAt)
        interaction.output.line(
          interaction.color.apply(
            .dim,
            to: "  next review if "
              + Rating.allCases.map { rating in
                "\(rating.name): "
                  + Self.interval(
                    outcomes[rating].map { $0.due.timeIntervalSince(answeredAt) } ?? 0
                  )
              }.joined(separator: " · ")
          )
        )
        if input.isInteractive {
          rating = askRating(default: rating, input: input)
        }
      }
      let recorded = try recorder.record(
        question: question,
        answer: answer,
        correct: correct,
        seconds: seconds,
        mode: cram ? "cram" : "review",
        rating: rating,
        updateSchedule: !cram,
        now: answeredAt,
        drawn: cram ? nil : outcomes
      )
      if !cram, let next = recorded.card {
        interaction.output.line(
          interaction.color.apply(
            .dim,
            to: "  rated \(rating.name); next review \(Self.relative(next.due, from: answeredAt))"
          )
        )
      }
      given.append(Given(position: index, recorded: recorded, correct: correct))
      index += 1
      if index < queue.items.count, input.isInteractive {
        let prompt =
          cram ? "[Enter: next card] " : "[Enter: next card; `undo`: take back that rating] "
        if input.line(prompt: interaction.color.apply(.dim, to: prompt))?.lowercased() == "undo",
          !cram
        {
          index = try undo(&given, recorder: recorder, context: interaction)
        }
      }
    }
    finish(given: given, store: store, profileId: profileId, context: context)
  }

  /// Takes back the last rating and returns the position of its card, to ask it again.
  private func undo(_ given: inout [Given], recorder: AnswerRecorder, context: CommandContext)
    throws -> Int
  {
    guard let last = given.popLast() else { return 0 }
    try recorder.undo(last.recorded)
    context.output.line(
      context.color.apply(.yellow, to: "Undone:")
        + " the rating of \(last.recorded.attempt.questionId) is taken back and its card is as it was; answer it again."
    )
    return last.position
  }

  private func askRating(default rating: Rating, input: AnswerInput) -> Rating {
    let prompt = "rating [\(rating.name)] (again, hard, good, easy; Enter keeps it)> "
    guard let text = input.line(prompt: prompt)?.lowercased(), !text.isEmpty,
      let chosen = Rating(name: text)
    else { return rating }
    return chosen
  }

  private func finish(
    given: [Given],
    store: any ProgressStoring,
    profileId: Int64,
    context: CommandContext
  ) {
    context.output.line()
    if !given.isEmpty {
      context.output.line(
        "Reviewed \(Plural.count(given.count, "card")), \(given.filter(\.correct).count) right."
      )
    }
    if let cards = try? store.cards(profileId: profileId) {
      context.say(Self.statusLine(cards: cards, now: context.now))
    }
  }

  /// The learner's cards and what is due, such as "12 cards, 3 due now; next due in 4 h.".
  static func statusLine(cards: [ReviewCard], now: Date) -> String {
    let due = cards.filter { $0.due <= now }.count
    var text = "\(Plural.count(cards.count, "card")), \(due) due now"
    if let next = cards.filter({ $0.due > now }).map(\.due).min() {
      text += "; next due \(Self.relative(next, from: now))"
    }
    return text + "."
  }

  /// A short interval: "1 min", "6 min", "3 h", "4 days".
  static func interval(_ seconds: Double) -> String {
    guard seconds.isFinite, seconds > 0 else { return "now" }
    if seconds < 3600 { return "\(Int((seconds / 60).rounded(.up))) min" }
    if seconds < 86_400 { return "\(Int((seconds / 3600).rounded())) h" }
    return Plural.count(Int((seconds / 86_400).rounded()), "day")
  }

  /// "in 10 min", "in 3 h", "in 2 days (2026-12-01)".
  static func relative(_ date: Date, from now: Date) -> String {
    let seconds = date.timeIntervalSince(now)
    if seconds <= 0 { return "now" }
    if seconds < 3600 { return "in \(Int((seconds / 60).rounded(.up))) min" }
    if seconds < 86_400 { return "in \(Int((seconds / 3600).rounded())) h" }
    let days = Int((seconds / 86_400).rounded())
    return
      "in \(days) day\(days == 1 ? "" : "s") (\(date.formatted(.iso8601.year().month().day())))"
  }
}
