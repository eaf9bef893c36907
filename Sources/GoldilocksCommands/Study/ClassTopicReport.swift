import Curriculum
import Foundation
import ProgressStore
import Terminal

/// Who struggles with a topic across a store's learners, weakest first, and the questions
/// missed most: what an instructor sees in `class topic T`.
struct ClassTopicReport: Encodable {
  let topic: String
  let learners: [LearnerLine]
  let notAnswered: [String]
  let mostMissed: [MissedQuestion]

  /// One learner's answers in the topic.
  struct LearnerLine: Encodable {
    let profile: String
    let answered: Int
    let correct: Int
    let accuracy: Double?
    let lastAnswered: Date?
  }

  /// A question of the topic that learners got wrong, with who did.
  struct MissedQuestion: Encodable {
    let questionId: String
    let prompt: String?
    let answered: Int
    let missed: Int
    let learnersWhoMissed: [String]
  }

  /// Reads every learner's answers in `topic` from `store`; throws for a topic that neither
  /// the content nor any answer names.
  init(topic: String, store: any ProgressStoring, library: ContentLibrary?) throws {
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
    self.topic = topic
    learners = lines
    self.notAnswered = notAnswered.sorted()
    self.mostMissed = Array(mostMissed)
  }
}

extension ClassTopicReport {
  /// One row per learner (`profile,answered,correct,accuracy`), those who never answered last.
  var csv: String {
    var rows = ["profile,answered,correct,accuracy"]
    for line in learners {
      rows.append(
        [
          ClassRoster.csvField(line.profile), "\(line.answered)", "\(line.correct)",
          line.accuracy.map { String(format: "%.3f", $0) } ?? "",
        ].joined(separator: ",")
      )
    }
    for name in notAnswered { rows.append(ClassRoster.csvField(name) + ",0,0,") }
    return rows.joined(separator: "\n")
  }

  /// Prints the table, who has not answered, and the questions missed most.
  func print(to context: CommandContext) {
    let lines = learners
    let report = self
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

  /// The first line of a prompt, at most 70 characters, with … when the prompt goes on.
  static func excerpt(_ text: String) -> String {
    let lines = text.split(whereSeparator: \.isNewline)
    let line = lines.first.map(String.init) ?? ""
    if line.count > 70 { return "“\(line.prefix(69))…”" }
    return lines.count > 1 ? "“\(line)…”" : "“\(line)”"
  }
}
