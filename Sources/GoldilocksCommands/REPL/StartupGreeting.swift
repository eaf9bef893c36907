import ArgumentParser
import Curriculum
import Foundation
import Terminal

/// What the REPL says when it starts: what is due, what was read last, and the one
/// recommended next step, so that a learner never wonders what to do next.
enum StartupGreeting {
  /// The greeting's lines for the session's profile; only the welcome line when the
  /// content or the progress file cannot be read (the first command will say why).
  static func lines(session: Session) -> [String] {
    var lines = [
      "Goldilocks: how big should a model be? Type `help` for commands, `quit` to leave."
    ]
    guard let options = try? GlobalOptions.parse([]) else { return lines }
    let context = Session.$current.withValue(session) { CommandContext(options) }
    guard let plan = try? StudyPlan.load(context: context),
      let store = try? context.store(),
      let name = try? context.profileName(in: store)
    else { return lines }
    let color = context.color
    if plan.sectionsRead == 0 && plan.dueReviews == 0 {
      lines.append("Welcome, \(name). You have not started yet.")
    } else {
      let due =
        plan.dueReviews == 0
        ? "nothing due for review" : "\(Plural.count(plan.dueReviews, "card")) due for review"
      let last = plan.lastRead.map { "read last: “\($0.title)” (\($0.id))" } ?? "nothing read yet"
      lines.append("Welcome back, \(name): \(due); \(last).")
    }
    lines.append("Next step: " + color.apply(.bold, to: "`\(plan.command)`") + " — " + plan.reason)
    let width = min(context.width, 100)
    return lines.map { TextWrapper.wrap($0, width: width) }
  }
}
