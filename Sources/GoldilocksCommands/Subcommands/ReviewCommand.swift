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

  func validate() throws {
    guard count >= 1 else { throw GoldilocksError.invalidValue("--count must be at least 1") }
    guard (0...1000).contains(newPerDay) else {
      throw GoldilocksError.invalidValue(
        "--new must be from 0 to 1000 new cards a day; got \(newPerDay)"
      )
    }
  }

  mutating func run() throws {
    let context = CommandContext(global)
    let store = try context.store()
    let profileId = try context.profile(in: store).id ?? 0
    let queue = try ReviewQueue(
      store: store,
      profileId: profileId,
      library: try context.session.library(),
      now: context.now,
      cram: cram,
      count: count,
      newPerDay: newPerDay
    )
    if context.json {
      try context.printJSON(queue.status)
      return
    }
    guard !queue.items.isEmpty else {
      for sentence in queue.emptySentences(newPerDay: newPerDay) { context.say(sentence) }
      return
    }
    try ReviewSession(context: context, store: store, profileId: profileId, cram: cram)
      .run(queue)
  }

}
