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
      retention 0.9). Cards that are due come first; then up to --new new cards a
      day (questions of sections you have read and never answered). Before each
      rating the next interval of every rating is shown, as Anki does. A right
      answer is rated good (hard if you used a hint), a wrong one again; at a
      terminal you may change the rating. `undo` at the next prompt takes back
      the last rating (the card returns as it was and is asked again). --cram
      drills cards without touching their schedule.
      """
  )

  @OptionGroup var global: GlobalOptions
  @Flag(help: "Drill without changing the schedule.") var cram = false
  @Option(parsing: .unconditional, help: "At most this many cards.") var count: Int = 20
  @Option(
    name: .customLong("new"),
    parsing: .unconditional,
    help: "At most this many new cards a day (0 for none)."
  )
  var newPerDay: Int = 10

  /// One card of the session: a due card, or a question seen for the first time.
  private struct Item {
    let question: Question
    let isNew: Bool
  }

  /// One rating given in this session, kept so that `undo` can take it back.
  private struct Given {
    let position: Int
    let recorded: AnswerRecorder.Recorded
    let correct: Bool
  }

  mutating func run() throws {
    let context = CommandContext(global)
    guard count >= 1 else { throw GoldilocksError.invalidValue("--count must be at least 1") }
    guard (0...1000).contains(newPerDay) else {
      throw GoldilocksError.invalidValue(
        "--new must be from 0 to 1000 new cards a day; got \(newPerDay)"
      )
    }
    let library = try context.session.library()
    let store = try context.store()
    let profile = try context.profile(in: store)
    let profileId = profile.id ?? 0
    let now = context.now
    let cards = try store.cards(profileId: profileId)
    let byId = Dictionary(library.questions.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    let due = cards.filter { $0.due <= now }
    let attempts = try store.attempts(profileId: profileId)
    let newToday = Self.newCardsIntroduced(attempts: attempts, on: now)
    let newLeft = max(0, newPerDay - newToday)
    let unseen = Self.unseenQuestions(
      library: library,
      readIds: try store.readSectionIds(profileId: profileId),
      cards: cards,
      attempts: attempts
    )
    let dueItems = (cram ? cards : due).compactMap { card in
      byId[card.questionId].map { Item(question: $0, isNew: false) }
    }
    let newItems = cram ? [] : unseen.prefix(newLeft).map { Item(question: $0, isNew: true) }
    let queue = Array((dueItems + newItems).prefix(count))
    if context.json {
      struct Status: Encodable {
        let cards: Int
        let due: Int
        let nextDue: Date?
        let newToday: Int
        let newAvailable: Int
      }
      try context.printJSON(
        Status(
          cards: cards.count,
          due: due.count,
          nextDue: cards.filter { $0.due > now }.map(\.due).min(),
          newToday: newToday,
          newAvailable: min(newLeft, unseen.count)
        )
      )
      return
    }
    guard !queue.isEmpty else {
      context.say(statusLine(cards: cards, now: now))
      if cards.isEmpty {
        context.say("Answer questions with `quiz` or `study` first; each becomes a card.")
      } else if !unseen.isEmpty && newLeft == 0 {
        context.say(
          "Today's \(Plural.count(newPerDay, "new card")) are done; --new raises the limit."
        )
      }
      return
    }
    let newCount = queue.filter(\.isNew).count
    context.output.line(
      context.color.apply(
        .bold,
        to: cram
          ? "Cram: \(Plural.count(queue.count, "card")), schedule unchanged."
          : "Review: \(Plural.count(queue.count - newCount, "card")) due"
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
      if index >= queue.count {
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
      let item = queue[index]
      let question = item.question
      let reply = asker.ask(
        question,
        number: index + 1,
        of: queue.count,
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
      if index < queue.count, input.isInteractive {
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
      context.say(statusLine(cards: cards, now: context.now))
    }
  }

  private func statusLine(cards: [ReviewCard], now: Date) -> String {
    let due = cards.filter { $0.due <= now }.count
    var text = "\(Plural.count(cards.count, "card")), \(due) due now"
    if let next = cards.filter({ $0.due > now }).map(\.due).min() {
      text += "; next due \(Self.relative(next, from: now))"
    }
    return text + "."
  }

  /// How many new cards review introduced on `now`'s day (UTC): questions whose first
  /// answer ever was given in review that day.
  static func newCardsIntroduced(attempts: [QuizAttempt], on now: Date) -> Int {
    let calendar = Calendar.utc
    var first: [String: QuizAttempt] = [:]
    for attempt in attempts where first[attempt.questionId] == nil {
      first[attempt.questionId] = attempt
    }
    return first.values.filter {
      $0.mode == "review" && calendar.isDate($0.answeredAt, inSameDayAs: now)
    }.count
  }

  /// Questions of read sections that have no card and no answer yet, in book order.
  static func unseenQuestions(
    library: ContentLibrary,
    readIds: Set<String>,
    cards: [ReviewCard],
    attempts: [QuizAttempt]
  ) -> [Question] {
    let seen = Set(cards.map(\.questionId)).union(attempts.map(\.questionId))
    let order = Dictionary(
      library.sections.enumerated().map { ($0.element.id, $0.offset) },
      uniquingKeysWith: { first, _ in first }
    )
    return library.questions.enumerated()
      .filter { readIds.contains($0.element.section) && !seen.contains($0.element.id) }
      .sorted {
        (order[$0.element.section] ?? 0, $0.offset) < (order[$1.element.section] ?? 0, $1.offset)
      }
      .map(\.element)
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
