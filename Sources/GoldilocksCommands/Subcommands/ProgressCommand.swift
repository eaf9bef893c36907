import ArgumentParser
import Curriculum
import Foundation
import ProgressStore
import Terminal

/// `progress`: what the learner has read, answered, reviewed and measured so far.
struct ProgressCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "progress",
    abstract: "Your progress: sections read, answers, cards due, streak, time spent."
  )

  @OptionGroup var global: GlobalOptions
  @Flag(name: .customLong("all-profiles"), help: "Every profile (an instructor's class view).")
  var allProfiles = false
  @Flag(help: "Print CSV: one row per learner (with --all-profiles, every learner).")
  var csv = false

  func validate() throws {
    guard !(csv && global.json) else {
      throw GoldilocksError.invalidValue("choose one of --csv and --json")
    }
  }

  mutating func run() throws {
    let context = CommandContext(global)
    let store = try context.store()
    if csv || (allProfiles && !context.json) {
      try printRoster(store: store, context: context)
      return
    }
    let profiles = allProfiles ? try store.profiles() : [try context.profile(in: store)]
    let library = try? context.session.library()
    let reports = try profiles.compactMap { profile in
      try ProfileProgress(profile: profile, store: store, library: library, now: context.now)
    }
    if context.json {
      if allProfiles {
        try context.printJSON(reports)
      } else if let report = reports.first {
        try context.printJSON(report)
      }
      return
    }
    for (index, report) in reports.enumerated() {
      if index > 0 { context.output.line() }
      render(report, context: context)
    }
  }

  /// One row per learner (readiness, last exam, weakest topics, time spent), as a table
  /// or as CSV; without --all-profiles only the current learner.
  private func printRoster(store: any ProgressStoring, context: CommandContext) throws {
    let roster = try ClassRoster(
      store: store,
      library: try? context.session.library(),
      now: context.now
    )
    let name = allProfiles ? nil : try context.profile(in: store).name
    let learners = roster.sorted(by: .name).filter { name == nil || $0.profile == name }
    if csv {
      context.output.line(roster.csv(learners))
      return
    }
    let table = TextTable(
      header: ["Learner", "Ready", "Read", "Right", "Last exam", "Weakest topics", "Time"],
      rows: learners.map { learner in
        [
          learner.profile,
          ClassRoster.percent(learner.readiness),
          learner.sectionsTotal.map { "\(learner.sectionsRead)/\($0)" }
            ?? "\(learner.sectionsRead)",
          learner.answered == 0
            ? "-" : "\(learner.correct)/\(learner.answered)",
          learner.lastExamScore.map { ClassRoster.percent($0) + " " + (learner.lastExam ?? "") }
            ?? "-",
          learner.weakestTopics.isEmpty ? "-" : learner.weakestTopics.joined(separator: ", "),
          Self.duration(learner.secondsSpent),
        ]
      },
      alignments: [.left, .right, .right, .right, .left, .left, .right]
    )
    context.output.line(table.render())
  }

  private func render(_ report: ProfileProgress, context: CommandContext) {
    let color = context.color
    let summary = report.summary
    context.output.line(color.apply(.bold, to: "Progress of profile '\(report.profile)'"))
    let accuracy =
      summary.attempts == 0
      ? "no answers yet"
      : "\(summary.correct) of \(summary.attempts) correct (\(percent(summary.correct, summary.attempts)))"
    let rows: [(String, String)] = [
      (
        "Sections read",
        report.sectionsTotal.map { "\(summary.sectionsRead) of \($0)" } ?? "\(summary.sectionsRead)"
      ),
      ("Answers", accuracy),
      ("Review cards", "\(summary.cards) (\(summary.cardsDue) due now)"),
      ("Calculator runs", "\(summary.experiments)"),
      ("Scenarios played", "\(summary.scenarioRuns)"),
      ("Time spent", Self.duration(summary.secondsSpent)),
      ("Streak", summary.streakDays == 1 ? "1 day" : "\(summary.streakDays) days"),
      (
        "Last exam",
        report.lastExam.map {
          "\($0.correct)/\($0.questions) (\(Self.percent($0.score)), scaled ≈ \(ExamCommand.thousands(ExamReport.scaled($0.score)))) \($0.exam.uppercased()) on \($0.finishedAt.formatted(.iso8601.year().month().day()))"
        } ?? "none yet"
      ),
      (
        "Exam readiness",
        report.readiness.map {
          "\(Self.bar(fraction: $0, width: 20)) \(Self.percent($0)) (estimate)"
        } ?? "-"
      ),
    ]
    for (label, value) in rows {
      context.output.line("  " + label.padding(toLength: 18, withPad: " ", startingAt: 0) + value)
    }
    if let plan = report.plan {
      context.output.line()
      context.output.line("  Study path")
      for (label, value) in plan.lines(color: color) {
        let pad = "  " + label.padding(toLength: 18, withPad: " ", startingAt: 0)
        let body = TextWrapper.wrap(value, width: max(30, min(context.width, 100) - pad.count))
        context.output.line(
          body.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map {
            ($0.offset == 0 ? pad : String(repeating: " ", count: pad.count)) + $0.element
          }.joined(separator: "\n")
        )
      }
    }
    if !report.mastery.isEmpty {
      context.output.line()
      context.output.line("  Mastery by topic (recent answers and recall)")
      for topic in report.mastery.sorted(by: { $0.mastery < $1.mastery }) {
        let bar = Self.bar(fraction: topic.mastery, width: 20)
        let name = topic.topic.padding(toLength: 24, withPad: " ", startingAt: 0)
        context.output.line(
          "  \(name) \(bar) \(Self.percent(topic.mastery))  (\(Plural.count(topic.attempts, "answer")))"
        )
      }
    }
    if summary.attempts == 0 && summary.sectionsRead == 0 {
      context.output.line()
      context.say(
        "  Nothing yet: `study` walks the path from the first section; `toc` lists the chapters."
      )
    }
  }

  private func percent(_ part: Int, _ whole: Int) -> String {
    guard whole > 0 else { return "0%" }
    return "\(Int((Double(part) * 100 / Double(whole)).rounded()))%"
  }

  /// A Unicode bar of eighth-blocks filled to `fraction`.
  static func bar(fraction: Double, width: Int) -> String {
    let clamped = max(0, min(1, fraction))
    let eighths = Int((clamped * Double(width * 8)).rounded())
    let blocks = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
    var text = String(repeating: "█", count: eighths / 8) + blocks[eighths % 8]
    let filled = eighths / 8 + (eighths % 8 > 0 ? 1 : 0)
    text += String(repeating: "·", count: max(0, width - filled))
    return text
  }

  /// Seconds from 0 to a century (more than anyone studies; larger values come from
  /// damaged records), 0 when not a number: safe to convert to `Int`.
  static func clampedSeconds(_ seconds: Double) -> Double {
    seconds.isFinite ? min(max(seconds, 0), 100 * 365 * 86_400) : 0
  }

  /// A share as a whole percentage, "-" when it is not a number.
  static func percent(_ fraction: Double) -> String {
    guard fraction.isFinite else { return "-" }
    return "\(Int((min(max(fraction, -10), 10) * 100).rounded()))%"
  }

  /// "1 h 05 min", "12 min", "40 s"; any Double (negative, huge, not finite) is safe.
  static func duration(_ seconds: Double) -> String {
    guard seconds.isFinite else { return "-" }
    let total = Int(clampedSeconds(seconds).rounded())
    if total < 60 { return "\(total) s" }
    let minutes = total / 60
    if minutes < 60 { return "\(minutes) min" }
    return "\(minutes / 60) h \(String(format: "%02d", minutes % 60)) min"
  }
}
