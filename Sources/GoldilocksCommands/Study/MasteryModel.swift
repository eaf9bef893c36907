import Curriculum
import Foundation
import ProgressStore

/// How well a learner knows each topic: recency-weighted accuracy of their answers,
/// times the mean FSRS retrievability of their cards (how likely they still recall them).
struct MasteryModel {
  /// Answers lose half their weight every this many days.
  static let halfLifeDays = 14.0

  struct TopicMastery: Encodable {
    let topic: String
    /// 0…1; 0 for a topic never answered.
    let mastery: Double
    let accuracy: Double
    let retrievability: Double?
    let attempts: Int
    let questions: Int
  }

  let topics: [TopicMastery]
  /// Each topic's place in the book: the position of the first section that one of its
  /// questions belongs to (topics of no known section come last).
  let bookPosition: [String: Int]

  init(
    library: ContentLibrary,
    attempts: [QuizAttempt],
    cards: [ReviewCard],
    now: Date,
    scheduler: ReviewScheduler = .standard
  ) {
    let questionTopic = Dictionary(
      library.questions.map { ($0.id, $0.topic) },
      uniquingKeysWith: { first, _ in first }
    )
    var weighted: [String: (right: Double, total: Double, count: Int)] = [:]
    for attempt in attempts {
      let ageDays = max(0, now.timeIntervalSince(attempt.answeredAt) / 86_400)
      let weight = pow(0.5, ageDays / Self.halfLifeDays)
      var entry = weighted[attempt.topic] ?? (0, 0, 0)
      entry.total += weight
      entry.right += attempt.correct ? weight : 0
      entry.count += 1
      weighted[attempt.topic] = entry
    }
    var recall: [String: [Double]] = [:]
    for card in cards {
      guard let topic = questionTopic[card.questionId] else { continue }
      let value = scheduler.retrievability(of: CardBridge.schedulingCard(card), at: now)
      recall[topic, default: []].append(value)
    }
    let sectionIndex = Dictionary(
      library.sections.enumerated().map { ($0.element.id, $0.offset) },
      uniquingKeysWith: { first, _ in first }
    )
    var position: [String: Int] = [:]
    for question in library.questions {
      let index = sectionIndex[question.section] ?? Int.max
      position[question.topic] = min(position[question.topic] ?? Int.max, index)
    }
    bookPosition = position
    let counts = Dictionary(grouping: library.questions, by: \.topic).mapValues(\.count)
    let allTopics = Set(library.questions.map(\.topic)).union(weighted.keys).sorted()
    topics = allTopics.map { topic in
      let entry = weighted[topic]
      let accuracy = entry.map { $0.total > 0 ? $0.right / $0.total : 0 } ?? 0
      let values = recall[topic] ?? []
      let retrievability = values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
      let mastery = accuracy * (retrievability ?? 1)
      return TopicMastery(
        topic: topic,
        mastery: entry == nil ? 0 : mastery,
        accuracy: accuracy,
        retrievability: retrievability,
        attempts: entry?.count ?? 0,
        questions: counts[topic] ?? 0
      )
    }
  }

  /// Topics from weakest to strongest; never-answered topics first; ties in book order.
  var weakestFirst: [String] {
    topics.sorted {
      ($0.mastery, $0.attempts, place($0.topic), $0.topic)
        < ($1.mastery, $1.attempts, place($1.topic), $1.topic)
    }
    .map(\.topic)
  }

  /// Every topic in the order the book teaches it.
  var bookOrder: [String] {
    topics.map(\.topic).sorted { (place($0), $0) < (place($1), $1) }
  }

  /// The order a quiz asks topics in: those in `read`, weakest first (ties in book order),
  /// then the others in book order.
  func quizOrder(read: Set<String>) -> [String] {
    weakestFirst.filter(read.contains) + bookOrder.filter { !read.contains($0) }
  }

  /// The mastery of one topic, if it has questions or answers.
  func mastery(of topic: String) -> TopicMastery? { topics.first { $0.topic == topic } }

  private func place(_ topic: String) -> Int { bookPosition[topic] ?? Int.max }

  /// An estimate of exam readiness: mastery averaged over topics, weighted by how many
  /// questions each topic has, so unanswered topics pull it down.
  var readiness: Double {
    let total = topics.reduce(0) { $0 + $1.questions }
    guard total > 0 else { return 0 }
    return topics.reduce(0) { $0 + $1.mastery * Double($1.questions) } / Double(total)
  }
}
