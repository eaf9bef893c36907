import ArgumentParser
import Curriculum
import Foundation
import ProgressStore
import Terminal

/// `review`: spaced-repetition review of the cards that are due (FSRS-6).
struct ReviewCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "review",
    abstract: "Spaced-repetition review of the cards that are due.",
    discussion: """
      Every question you answer becomes a card scheduled by FSRS-6 (desired
      retention 0.9). A right answer is rated good (hard if you used a hint), a
      wrong one again; at a terminal you may change the rating. --cram drills
      cards without touching their schedule.
      """
  )

  @OptionGroup var global: GlobalOptions
  @Flag(help: "Drill without changing the schedule.") var cram = false
  @Option(help: "At most this many cards.") var count: Int = 20

  mutating func run() throws {
    let context = CommandContext(global)
    let library = try context.session.library()
    let store = try context.store()
    let profile = try context.profile(in: store)
    let profileId = profile.id ?? 0
    let now = Date()
    let cards = try store.cards(profileId: profileId)
    let byId = Dictionary(library.questions.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    let due = cards.filter { $0.due <= now }
    let queue = (cram ? cards : due).filter { byId[$0.questionId] != nil }.prefix(max(0, count))
    if context.json {
      struct Status: Encodable {
        let cards: Int
        let due: Int
        let nextDue: Date?
      }
      try context.printJSON(
        Status(
          cards: cards.count,
          due: due.count,
          nextDue: cards.filter { $0.due > now }.map(\.due).min()
        )
      )
      return
    }
    guard !queue.isEmpty else {
      context.say(statusLine(cards: cards, now: now))
      if cards.isEmpty { context.say("Answer questions with `quiz` first; each becomes a card.") }
      return
    }
    context.output.line(
      context.color.apply(
        .bold,
        to: cram
          ? "Cram: \(queue.count) card(s), schedule unchanged."
          : "Review: \(queue.count) card(s) due."
      )
    )
    let interaction = context.forInteraction()
    let input = AnswerInput(context: interaction)
    let asker = QuestionAsker(context: interaction, input: input)
    let recorder = AnswerRecorder(store: store, profileId: profileId)
    var right = 0
    var done = 0
    for (index, card) in queue.enumerated() {
      guard let question = byId[card.questionId] else { continue }
      let outcome = asker.ask(question, number: index + 1, of: queue.count, showScenario: true)
      let correct: Bool
      let answer: String
      let seconds: Double
      var rating: Rating
      switch outcome {
      case .quit:
        finish(done: done, right: right, store: store, profileId: profileId, context: context)
        return
      case .skipped(let time):
        (correct, answer, seconds, rating) = (false, "(skipped)", time, .again)
      case .answered(let grade, let hints, let time):
        correct = grade.isCorrect
        answer = grade.normalized
        seconds = time
        rating = AnswerRecorder.defaultRating(correct: grade.isCorrect, hints: hints)
      }
      if !cram, input.isInteractive {
        rating = askRating(default: rating, input: input)
      }
      let next = try recorder.record(
        question: question,
        answer: answer,
        correct: correct,
        seconds: seconds,
        mode: cram ? "cram" : "review",
        rating: rating,
        updateSchedule: !cram
      )
      if !cram, let next {
        context.output.line(
          context.color.apply(
            .dim,
            to: "  rated \(rating.name); next review \(Self.relative(next.due, from: Date()))"
          )
        )
      }
      done += 1
      if correct { right += 1 }
      if index < queue.count - 1 { input.pause() }
    }
    finish(done: done, right: right, store: store, profileId: profileId, context: context)
  }

  private func askRating(default rating: Rating, input: AnswerInput) -> Rating {
    let prompt = "rating [\(rating.name)] (again, hard, good, easy; Enter keeps it)> "
    guard let text = input.line(prompt: prompt)?.lowercased(), !text.isEmpty,
      let chosen = Rating(name: text)
    else { return rating }
    return chosen
  }

  private func finish(
    done: Int,
    right: Int,
    store: any ProgressStoring,
    profileId: Int64,
    context: CommandContext
  ) {
    context.output.line()
    if done > 0 {
      context.output.line("Reviewed \(done) card(s), \(right) right.")
    }
    if let cards = try? store.cards(profileId: profileId) {
      context.say(statusLine(cards: cards, now: Date()))
    }
  }

  private func statusLine(cards: [ReviewCard], now: Date) -> String {
    let due = cards.filter { $0.due <= now }.count
    var text = "\(cards.count) card(s), \(due) due now"
    if let next = cards.filter({ $0.due > now }).map(\.due).min() {
      text += "; next due \(Self.relative(next, from: now))"
    }
    return text + "."
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
