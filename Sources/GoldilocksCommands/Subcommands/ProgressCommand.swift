import ArgumentParser
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

  mutating func run() throws {
    let context = CommandContext(global)
    let store = try context.store()
    let profiles = allProfiles ? try store.profiles() : [try context.profile(in: store)]
    var reports: [ProfileProgress] = []
    for profile in profiles {
      guard let id = profile.id else { continue }
      reports.append(
        ProfileProgress(profile: profile.name, summary: try store.summary(profileId: id))
      )
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

  private func render(_ report: ProfileProgress, context: CommandContext) {
    let color = context.color
    let summary = report.summary
    context.output.line(color.apply(.bold, to: "Progress of profile '\(report.profile)'"))
    let accuracy =
      summary.attempts == 0
      ? "no answers yet"
      : "\(summary.correct) of \(summary.attempts) correct (\(percent(summary.correct, summary.attempts)))"
    let rows: [(String, String)] = [
      ("Sections read", "\(summary.sectionsRead)"),
      ("Answers", accuracy),
      ("Review cards", "\(summary.cards) (\(summary.cardsDue) due now)"),
      ("Calculator runs", "\(summary.experiments)"),
      ("Scenarios played", "\(summary.scenarioRuns)"),
      ("Time spent", Self.duration(summary.secondsSpent)),
      ("Streak", summary.streakDays == 1 ? "1 day" : "\(summary.streakDays) days"),
    ]
    for (label, value) in rows {
      context.output.line("  " + label.padding(toLength: 18, withPad: " ", startingAt: 0) + value)
    }
    if !summary.topics.isEmpty {
      context.output.line()
      context.output.line("  Topics")
      for topic in summary.topics {
        let bar = Self.bar(fraction: topic.accuracy, width: 20)
        let name = topic.topic.padding(toLength: 24, withPad: " ", startingAt: 0)
        context.output.line("  \(name) \(bar) \(percent(topic.correct, topic.attempts))")
      }
    }
    if summary.attempts == 0 && summary.sectionsRead == 0 {
      context.output.line()
      context.say("  Nothing yet: `toc` lists the chapters, `read` opens the first unread section.")
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

  /// "1 h 05 min", "12 min", "40 s".
  static func duration(_ seconds: Double) -> String {
    let total = Int(seconds.rounded())
    if total < 60 { return "\(total) s" }
    let minutes = total / 60
    if minutes < 60 { return "\(minutes) min" }
    return "\(minutes / 60) h \(String(format: "%02d", minutes % 60)) min"
  }
}

/// One profile's summary as `progress --json` prints it.
struct ProfileProgress: Encodable {
  let profile: String
  let summary: ProgressSummary

  func encode(to encoder: any Encoder) throws {
    try summary.encode(to: encoder)
    var container = encoder.container(keyedBy: Key.self)
    try container.encode(profile, forKey: .profile)
  }

  private enum Key: String, CodingKey { case profile }
}
