import Curriculum
import Foundation
import ProgressStore

/// The questions of one `quiz`: from the sections the learner has read (or every section,
/// or one topic), in scope for an exam if one is named, weakest topics first.
struct QuizDraw {
  /// The questions drawn, in the order they are asked.
  let questions: [Question]
  /// Why none were drawn, in a sentence that says what to do instead; `nil` when some were.
  let emptyReason: String?

  /// Draws `count` questions for `profileId` at `now` from `seed`.
  ///
  /// `topic` restricts to one topic, read or not; otherwise only sections read count unless
  /// `all`. Topics come weakest first by the learner's mastery, ties in the book's order.
  init(
    library: ContentLibrary,
    store: any ProgressStoring,
    profileId: Int64,
    filter: (topic: String?, exam: Exam?, all: Bool),
    count: Int,
    seed: UInt64,
    now: Date
  ) throws {
    let (topic, exam, all) = filter
    try Self.requireTopic(topic, in: library)
    let attempts = try store.attempts(profileId: profileId)
    let mastery = MasteryModel(
      library: library,
      attempts: attempts,
      cards: try store.cards(profileId: profileId),
      now: now
    )
    let readIds = try store.readSectionIds(profileId: profileId)
    let onlyRead = topic == nil && !all
    let readTopics = Set(library.questions.filter { readIds.contains($0.section) }.map(\.topic))
    questions = QuestionPicker(seed: seed).pick(
      from: library.questions.filter { question in
        (topic == nil || question.topic == topic) && (exam.map(question.isInScope) ?? true)
          && (!onlyRead || readIds.contains(question.section))
      },
      count: count,
      topicOrder: mastery.quizOrder(read: readTopics),
      attempts: attempts
    )
    if !questions.isEmpty {
      emptyReason = nil
    } else if onlyRead && readIds.isEmpty {
      emptyReason =
        "You have not read any section yet, and `quiz` asks about what you have read: `study` starts the path, `quiz --all` asks about everything."
    } else {
      emptyReason =
        onlyRead
        ? "No questions match the sections you have read; `quiz --all` asks about everything."
        : "No questions match."
    }
  }

  /// Refuses a topic no question has, listing the topics (before anything is opened).
  static func requireTopic(_ topic: String?, in library: ContentLibrary) throws {
    if let topic, !library.topics.contains(topic) {
      throw GoldilocksError.invalidValue(
        "no questions have the topic '\(topic)'; topics: \(library.topics.joined(separator: ", "))"
      )
    }
  }
}
