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
    let key = sort
    let store = try context.store()
    let roster = try ClassRoster(
      store: store,
      library: try? context.session.library(),
      now: context.now
    )
    var learners = roster.sorted(by: key)
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
    let table = TextTable(
      header: ["Learner", "Ready", "Read", "Answered", "Right", "Topics", "Last exam", "Active"],
      rows: learners.map { learner in
        [
          learner.profile,
          ClassRoster.percent(learner.readiness),
          learner.sectionsTotal.map { "\(learner.sectionsRead)/\($0)" }
            ?? "\(learner.sectionsRead)",
          "\(learner.answered)",
          ClassRoster.percent(learner.accuracy),
          ClassRoster.heatmap(learner.topics),
          learner.lastExamScore.map { ClassRoster.percent($0) + " " + (learner.lastExam ?? "") }
            ?? "-",
          ClassRoster.day(learner.lastActive),
        ]
      },
      alignments: [.left, .right, .right, .right, .right, .left, .left, .left]
    )
    context.output.line(table.render())
    context.output.line()
    let legend = roster.topics.enumerated().map { "\($0.offset + 1) \($0.element)" }
    context.say("Topics, in heatmap order: " + legend.joined(separator: ", ") + ".")
    context.say("Heatmap: · never answered, ░ <25 %, ▒ <50 %, ▓ <75 %, █ ≥75 % right.")
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

  struct LearnerLine: Encodable {
    let profile: String
    let answered: Int
    let correct: Int
    let accuracy: Double?
    let lastAnswered: Date?
  }

  struct MissedQuestion: Encodable {
    let questionId: String
    let prompt: String?
    let answered: Int
    let missed: Int
    let learnersWhoMissed: [String]
  }

  struct Report: Encodable {
    let topic: String
    let learners: [LearnerLine]
    let notAnswered: [String]
    let mostMissed: [MissedQuestion]
  }

  mutating func run() throws {
    let context = CommandContext(global)
    let library = try? context.session.library()
    let store = try context.store()
    var lines: [LearnerLine] = []
    var notAnswered: [String] = []
    var missed: [String: (answered: Int, missed: Int, who: Set<String>)] = [:]
    var topicsSeen = Set(library?.topics ?? [])
    for profile in try store.profiles() {
      guard let id = profile.id else { continue }
      let all = try store.attempts(profileId: id)
      topicsSeen.formUnion(all.map(\.topic))
      let attempts = all.filter { $0.topic == topic }
      guard !attempts.isEmpty else {
        notAnswered.append(profile.name)
        continue
      }
      let correct = attempts.filter(\.correct).count
      lines.append(
        LearnerLine(
          profile: profile.name,
          answered: attempts.count,
          correct: correct,
          accuracy: Double(correct) / Double(attempts.count),
          lastAnswered: attempts.map(\.answeredAt).max()
        )
      )
      for attempt in attempts {
        var entry = missed[attempt.questionId] ?? (0, 0, [])
        entry.answered += 1
        if !attempt.correct {
          entry.missed += 1
          entry.who.insert(profile.name)
        }
        missed[attempt.questionId] = entry
      }
    }
    guard topicsSeen.contains(topic) else {
      throw GoldilocksError.invalidValue(
        "no topic '\(topic)'; topics: \(topicsSeen.sorted().joined(separator: ", "))"
      )
    }
    lines.sort { ($0.accuracy ?? 0, $0.profile) < ($1.accuracy ?? 0, $1.profile) }
    let prompts = Dictionary(
      (library?.questions ?? []).map { ($0.id, $0.prompt) },
      uniquingKeysWith: { first, _ in first }
    )
    let mostMissed =
      missed.filter { $0.value.missed > 0 }
      .sorted { ($1.value.missed, $0.key) < ($0.value.missed, $1.key) }
      .prefix(10)
      .map {
        MissedQuestion(
          questionId: $0.key,
          prompt: prompts[$0.key],
          answered: $0.value.answered,
          missed: $0.value.missed,
          learnersWhoMissed: $0.value.who.sorted()
        )
      }
    let report = Report(
      topic: topic,
      learners: lines,
      notAnswered: notAnswered.sorted(),
      mostMissed: Array(mostMissed)
    )
    if context.json {
      try context.printJSON(report)
      return
    }
    if csv {
      var rows = ["profile,answered,correct,accuracy"]
      for line in lines {
        rows.append(
          [
            ClassRoster.csvField(line.profile), "\(line.answered)", "\(line.correct)",
            line.accuracy.map { String(format: "%.3f", $0) } ?? "",
          ].joined(separator: ",")
        )
      }
      for name in report.notAnswered { rows.append(ClassRoster.csvField(name) + ",0,0,") }
      context.output.line(rows.joined(separator: "\n"))
      return
    }
    context.output.line(context.color.apply(.bold, to: "Topic '\(topic)': weakest learners first"))
    if lines.isEmpty {
      context.say("No learner has answered a question of this topic yet.")
    } else {
      let table = TextTable(
        header: ["Learner", "Answered", "Right", "Accuracy", "Last answer"],
        rows: lines.map {
          [
            $0.profile, "\($0.answered)", "\($0.correct)", ClassRoster.percent($0.accuracy),
            ClassRoster.day($0.lastAnswered),
          ]
        }
      )
      context.output.line(table.render())
    }
    if !report.notAnswered.isEmpty {
      context.say("Not answered yet: " + report.notAnswered.joined(separator: ", ") + ".")
    }
    if !report.mostMissed.isEmpty {
      context.output.line()
      context.output.line(context.color.apply(.bold, to: "Questions missed most"))
      for question in report.mostMissed {
        let prompt = question.prompt.map { " " + Self.excerpt($0) } ?? ""
        context.say(
          "  \(question.questionId): missed \(question.missed) of \(question.answered) times, by "
            + question.learnersWhoMissed.joined(separator: ", ") + "." + prompt
        )
      }
    }
  }

  /// The first line of a prompt, at most 70 characters.
  static func excerpt(_ text: String) -> String {
    let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
    return line.count <= 70 ? "“\(line)”" : "“\(line.prefix(69))…”"
  }
}
