import Curriculum
import Foundation
import ProgressStore

/// One row per learner of a store: what an instructor sees in `class` and in
/// `progress --all-profiles`.
struct ClassRoster {
  /// Answers and right answers of one learner in one topic.
  struct TopicCell: Encodable {
    let topic: String
    let answered: Int
    let correct: Int
    /// Right answers over answers; nil when the topic was never answered.
    var accuracy: Double? { answered == 0 ? nil : Double(correct) / Double(answered) }

    func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: Key.self)
      try container.encode(topic, forKey: .topic)
      try container.encode(answered, forKey: .answered)
      try container.encode(correct, forKey: .correct)
      try container.encode(accuracy, forKey: .accuracy)
    }

    private enum Key: String, CodingKey { case topic, answered, correct, accuracy }
  }

  /// One learner.
  struct Learner: Encodable {
    let profile: String
    /// The exam readiness estimate (0…1), nil without content.
    let readiness: Double?
    let sectionsRead: Int
    let sectionsTotal: Int?
    let answered: Int
    let correct: Int
    let topics: [TopicCell]
    /// The weakest topics among those answered, weakest first.
    let weakestTopics: [String]
    let secondsSpent: Double
    let lastExamScore: Double?
    let lastExam: String?
    let lastActive: Date?

    /// Right answers over answers; nil without answers.
    var accuracy: Double? { answered == 0 ? nil : Double(correct) / Double(answered) }

    func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: Key.self)
      try container.encode(profile, forKey: .profile)
      try container.encode(readiness, forKey: .readiness)
      try container.encode(sectionsRead, forKey: .sectionsRead)
      try container.encode(sectionsTotal, forKey: .sectionsTotal)
      try container.encode(answered, forKey: .answered)
      try container.encode(correct, forKey: .correct)
      try container.encode(accuracy, forKey: .accuracy)
      try container.encode(topics, forKey: .topics)
      try container.encode(weakestTopics, forKey: .weakestTopics)
      try container.encode(secondsSpent, forKey: .secondsSpent)
      try container.encode(lastExamScore, forKey: .lastExamScore)
      try container.encode(lastExam, forKey: .lastExam)
      try container.encode(lastActive, forKey: .lastActive)
    }

    private enum Key: String, CodingKey {
      case profile, readiness, sectionsRead, sectionsTotal, answered, correct, accuracy, topics
      case weakestTopics, secondsSpent, lastExamScore, lastExam, lastActive
    }
  }

  /// The topics in column order: the content's topics, then any only the records name.
  let topics: [String]
  let learners: [Learner]

  /// Reads every profile of `store`.
  init(store: any ProgressStoring, library: ContentLibrary?, now: Date) throws {
    var learners: [Learner] = []
    let seenTopics = Set(library?.topics ?? [])
    var extraTopics = Set<String>()
    for profile in try store.profiles() {
      guard let id = profile.id else { continue }
      let attempts = try store.attempts(profileId: id)
      let cards = try store.cards(profileId: id)
      let summary = try store.summary(profileId: id, now: now, calendar: .utc)
      let lastExam = try store.exams(profileId: id).last
      var byTopic: [String: (answered: Int, correct: Int)] = [:]
      for attempt in attempts {
        byTopic[attempt.topic, default: (0, 0)].answered += 1
        if attempt.correct { byTopic[attempt.topic, default: (0, 0)].correct += 1 }
        if !seenTopics.contains(attempt.topic) { extraTopics.insert(attempt.topic) }
      }
      let mastery = library.map {
        MasteryModel(library: $0, attempts: attempts, cards: cards, now: now)
      }
      let weakest =
        mastery?.topics.filter { $0.attempts > 0 }.sorted { $0.mastery < $1.mastery }.map(\.topic)
        ?? byTopic.sorted {
          Double($0.value.correct) / Double($0.value.answered)
            < Double($1.value.correct) / Double($1.value.answered)
        }.map(\.key)
      let active = [summary.lastActivity, lastExam?.finishedAt].compactMap { $0 }.max()
      learners.append(
        Learner(
          profile: profile.name,
          readiness: mastery?.readiness,
          sectionsRead: summary.sectionsRead,
          sectionsTotal: library?.sections.count,
          answered: summary.attempts,
          correct: summary.correct,
          topics: byTopic.map {
            TopicCell(topic: $0.key, answered: $0.value.0, correct: $0.value.1)
          },
          weakestTopics: Array(weakest.prefix(3)),
          secondsSpent: summary.secondsSpent,
          lastExamScore: lastExam?.score,
          lastExam: lastExam?.exam,
          lastActive: active
        )
      )
    }
    let columns = (library?.topics ?? []) + extraTopics.sorted()
    topics = columns
    self.learners = learners.map { learner in
      let cells = Dictionary(uniqueKeysWithValues: learner.topics.map { ($0.topic, $0) })
      return Learner(
        profile: learner.profile,
        readiness: learner.readiness,
        sectionsRead: learner.sectionsRead,
        sectionsTotal: learner.sectionsTotal,
        answered: learner.answered,
        correct: learner.correct,
        topics: columns.map { cells[$0] ?? TopicCell(topic: $0, answered: 0, correct: 0) },
        weakestTopics: learner.weakestTopics,
        secondsSpent: learner.secondsSpent,
        lastExamScore: learner.lastExamScore,
        lastExam: learner.lastExam,
        lastActive: learner.lastActive
      )
    }
  }

  /// How learners can be ordered; all but `name` put who needs help first.
  enum SortKey: String, CaseIterable {
    case name, readiness, accuracy, answered, active
  }

  /// The learners in the order `key` gives.
  func sorted(by key: SortKey) -> [Learner] {
    learners.sorted { a, b in
      switch key {
      case .name: return a.profile < b.profile
      case .readiness: return (a.readiness ?? 0, a.profile) < (b.readiness ?? 0, b.profile)
      case .accuracy: return (a.accuracy ?? -1, a.profile) < (b.accuracy ?? -1, b.profile)
      case .answered: return (a.answered, a.profile) < (b.answered, b.profile)
      case .active:
        return (a.lastActive ?? .distantPast, a.profile) < (b.lastActive ?? .distantPast, b.profile)
      }
    }
  }

  /// One character per topic: `·` never answered, then ░ ▒ ▓ █ for accuracy below 25 %,
  /// 50 %, 75 % and up to 100 %.
  static func heatmap(_ cells: [TopicCell]) -> String {
    String(cells.map(shade))
  }

  static func shade(_ cell: TopicCell) -> Character {
    guard let accuracy = cell.accuracy else { return "·" }
    switch accuracy {
    case ..<0.25: return "░"
    case ..<0.5: return "▒"
    case ..<0.75: return "▓"
    default: return "█"
    }
  }

  /// A share as a whole percentage, `-` when there is none.
  static func percent(_ value: Double?) -> String {
    guard let value, value.isFinite else { return "-" }
    return "\(Int((min(max(value, 0), 1) * 100).rounded()))%"
  }

  /// A day as YYYY-MM-DD in UTC, `-` when there is none.
  static func day(_ date: Date?) -> String {
    guard let date else { return "-" }
    return date.formatted(.iso8601.year().month().day())
  }

  /// `learners` as CSV (RFC 4180): one row per learner, one accuracy column per topic.
  func csv(_ learners: [Learner]) -> String {
    var header = [
      "profile", "readiness", "sections_read", "sections_total", "answered", "correct",
      "accuracy", "time_spent_seconds", "last_exam", "last_exam_score", "last_active",
      "weakest_topics",
    ]
    header += topics.map { "accuracy_" + $0 }
    func number(_ value: Double?) -> String {
      guard let value, value.isFinite else { return "" }
      return String(format: "%.3f", value)
    }
    var lines = [header.map(Self.csvField).joined(separator: ",")]
    for learner in learners {
      var fields = [
        learner.profile, number(learner.readiness), "\(learner.sectionsRead)",
        learner.sectionsTotal.map(String.init) ?? "", "\(learner.answered)", "\(learner.correct)",
        number(learner.accuracy), String(Int(ProgressCommand.clampedSeconds(learner.secondsSpent))),
        learner.lastExam ?? "", number(learner.lastExamScore),
        learner.lastActive.map { $0.formatted(.iso8601) } ?? "",
        learner.weakestTopics.joined(separator: " "),
      ]
      fields += learner.topics.map { number($0.accuracy) }
      lines.append(fields.map(Self.csvField).joined(separator: ","))
    }
    return lines.joined(separator: "\n")
  }

  /// A CSV field, quoted when it holds a comma, a quote or a line break.
  static func csvField(_ text: String) -> String {
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}
