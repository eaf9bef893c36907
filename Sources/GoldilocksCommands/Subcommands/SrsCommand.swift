import ArgumentParser
import Curriculum
import Foundation
import Terminal

/// `srs`: tools around the spaced-repetition scheduler.
struct SrsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "srs",
    abstract: "The spaced-repetition scheduler (FSRS-6).",
    subcommands: [SrsSimulateCommand.self]
  )
}

/// `srs simulate`: replays one card's review history and prints the card after each review.
///
/// FSRS-6 with default parameters, desired retention 0.9, steps 1 min and 10 min,
/// relearning 10 min, maximum interval 36,500 days and no fuzz, as py-fsrs's
/// `Scheduler(enable_fuzzing=False)`.
struct SrsSimulateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "simulate",
    abstract: "Replay a review history (TIMESTAMP@RATING ...) and print the card after each.",
    discussion: "Example: srs simulate 2026-01-01T09:00:00Z@good 2026-01-01T09:10:00Z@good --json"
  )

  @OptionGroup var global: GlobalOptions
  @Argument(help: "Reviews as TIMESTAMP@RATING; ratings again, hard, good, easy.")
  var events: [String] = []

  mutating func run() throws {
    let context = CommandContext(global)
    let cards = try ReviewSimulation().run(events)
    if context.json {
      context.output.line(ReviewSimulation.json(cards))
      return
    }
    let header = ["#", "review", "rating", "state", "step", "stability", "difficulty", "due"]
    var rows: [[String]] = []
    let parsed = try ReviewEvent.parseHistory(events)
    for (index, (event, card)) in zip(parsed, cards).enumerated() {
      rows.append([
        "\(index + 1)", Self.timestamp(event.date), event.rating.name, card.state.name,
        card.step.map(String.init) ?? "-", String(format: "%.4f", card.stability),
        String(format: "%.4f", card.difficulty), card.dueText,
      ])
    }
    context.output.line(TextTable(header: header, rows: rows).render())
  }

  static func timestamp(_ date: Date) -> String {
    date.formatted(.iso8601)
  }
}
