import ArgumentParser
import Curriculum
import Foundation
import ProgressStore
import Terminal

/// `class`: the instructor's view of every learner in the progress store.
struct ClassCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "class",
    abstract: "The instructor's view: one row per learner in the progress store.",
    discussion: """
      Each row shows readiness, sections read, questions answered, accuracy, a
      heatmap of accuracy by topic (one character per topic: · never answered,
      ░ under 25 %, ▒ under 50 %, ▓ under 75 %, █ 75 % or more), the last exam
      score and the day of the last activity. All profiles of the progress file
      are learners: on a shared file (--db) that is the whole class.
      `class topic T` shows who struggles with a topic and which questions are
      missed most.
      """,
    subcommands: [ClassOverviewCommand.self, ClassTopicCommand.self],
    defaultSubcommand: ClassOverviewCommand.self
  )
}

/// `class [--csv] [--sort KEY]`: one row per learner.
struct ClassOverviewCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "overview",
    abstract: "One row per learner (the default of `class`)."
  )

  @OptionGroup var global: GlobalOptions
  @Flag(help: "Print CSV (one row per learner, a column per topic) instead of a table.")
  var csv = false
  @Option(
    help: ArgumentHelp(
      "Order rows by this column (lowest first).",
      valueName: "key"
    ),
    // Listed for tab completion; an unknown key is this command's own error (status 1).
    completion: .list(ClassRoster.SortKey.allCases.map(\.rawValue))
  )
  var sort: ClassRoster.SortKey = .name
  @Flag(help: "Reverse the order.") var reverse = false

  func validate() throws {
    guard !(csv && global.json) else {
      throw GoldilocksError.invalidValue("choose one of --csv and --json")
    }
  }

  mutating func run() throws {
    let context = CommandContext(global)
    let roster = try ClassRoster(
      store: try context.store(),
      library: try? context.session.library(),
      now: context.now
    )
    var learners = roster.sorted(by: sort)
    if reverse { learners.reverse() }
    if context.json {
      try context.printJSON(learners)
      return
    }
    if csv {
      context.output.line(roster.csv(learners))
      return
    }
    guard !learners.isEmpty else {
      context.say("No learners yet: each profile of \(context.databasePath) is one learner.")
      return
    }
    context.output.line(roster.table(learners).render())
    context.output.line()
    for sentence in roster.legend { context.say(sentence) }
  }
}

/// `class topic T`: who struggles with a topic, and the questions missed most.
struct ClassTopicCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "topic",
    abstract: "Who struggles with a topic, and which questions are missed most."
  )

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The topic, as `toc` and `quiz --topic` name it.") var topic: String
  @Flag(help: "Print CSV instead of a table.") var csv = false

  func validate() throws {
    guard !(csv && global.json) else {
      throw GoldilocksError.invalidValue("choose one of --csv and --json")
    }
  }

  mutating func run() throws {
    let context = CommandContext(global)
    let report = try ClassTopicReport(
      topic: topic,
      store: try context.store(),
      library: try? context.session.library()
    )
    if context.json {
      try context.printJSON(report)
    } else if csv {
      context.output.line(report.csv)
    } else {
      report.print(to: context)
    }
  }
}
