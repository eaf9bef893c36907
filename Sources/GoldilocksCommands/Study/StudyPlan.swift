import Curriculum
import Foundation
import ProgressStore
import Terminal

/// Where a learner stands on the study path and the one step to take next: the reviews
/// that are due, a weak topic's quiz, the next section, or a mock exam once readiness is
/// high (as rustlings and swirl resume where the learner stopped and Anki shows due counts).
struct StudyPlan {
  /// The one recommended next step.
  enum Step: Equatable {
    /// Cards are due: review them first, so what was learned is not forgotten.
    case review(due: Int)
    /// A topic already read is weak: drill it.
    case quiz(topic: String, mastery: Double)
    /// The next section of the path; `resuming` when it was read but some of its
    /// questions are still unanswered.
    case study(section: Section, resuming: Bool)
    /// Everything is read and readiness is at the pass line: sit a mock exam.
    case exam(readiness: Double)
    /// Everything read, nothing due, no question to ask.
    case done
  }

  /// Below this mastery (after `weakAttempts` answers) a read topic is worth a quiz first.
  static let weakMastery = 0.5
  static let weakAttempts = 3

  let dueReviews: Int
  let lastRead: Section?
  let sectionsRead: Int
  let sectionsTotal: Int
  let readiness: Double
  let step: Step

  init(
    library: ContentLibrary,
    readIds: Set<String>,
    lastReadId: String?,
    attempts: [QuizAttempt],
    cards: [ReviewCard],
    now: Date
  ) {
    let known = Set(library.questions.map(\.id))
    dueReviews = cards.filter { $0.due <= now && known.contains($0.questionId) }.count
    lastRead = lastReadId.flatMap { id in library.sections.first { $0.id == id } }
    sectionsRead = library.sections.filter { readIds.contains($0.id) }.count
    sectionsTotal = library.sections.count
    let mastery = MasteryModel(library: library, attempts: attempts, cards: cards, now: now)
    readiness = mastery.readiness
    let readTopics = Set(
      library.questions.filter { readIds.contains($0.section) }.map(\.topic)
    )
    let weakRead = mastery.weakestFirst.compactMap(mastery.mastery(of:)).first {
      readTopics.contains($0.topic) && $0.attempts >= Self.weakAttempts
        && $0.mastery < Self.weakMastery
    }
    let next = Self.nextSection(
      library: library,
      readIds: readIds,
      answeredIds: Set(attempts.map(\.questionId))
    )
    if dueReviews > 0 {
      step = .review(due: dueReviews)
    } else if let next, next.resuming {
      step = .study(section: next.section, resuming: true)
    } else if let weakRead {
      step = .quiz(topic: weakRead.topic, mastery: weakRead.mastery)
    } else if let next {
      step = .study(section: next.section, resuming: next.resuming)
    } else if readiness >= ExamReport.passLine {
      step = .exam(readiness: readiness)
    } else if let weakest = mastery.weakestFirst.compactMap(mastery.mastery(of:)).first(where: {
      $0.questions > 0
    }) {
      step = .quiz(topic: weakest.topic, mastery: weakest.mastery)
    } else {
      step = .done
    }
  }

  /// The learner's plan, read from the store.
  static func load(context: CommandContext) throws -> StudyPlan {
    let library = try context.session.library()
    let store = try context.store()
    let profileId = try context.profile(in: store).id ?? 0
    return StudyPlan(
      library: library,
      readIds: try store.readSectionIds(profileId: profileId),
      lastReadId: try store.lastReadSectionId(profileId: profileId),
      attempts: try store.attempts(profileId: profileId),
      cards: try store.cards(profileId: profileId),
      now: context.now
    )
  }

  /// The first section, in book order, that is unread, or read with questions never
  /// answered (`resuming`).
  static func nextSection(library: ContentLibrary, readIds: Set<String>, answeredIds: Set<String>)
    -> (section: Section, resuming: Bool)?
  {
    let open = Set(library.questions.filter { !answeredIds.contains($0.id) }.map(\.section))
    for section in library.sections {
      if !readIds.contains(section.id) { return (section, false) }
      if open.contains(section.id) { return (section, true) }
    }
    return nil
  }

  /// The command that takes the step.
  var command: String {
    switch step {
    case .review: return "review"
    case .quiz(let topic, _): return "quiz --topic \(topic)"
    case .study: return "study"
    case .exam: return "exam"
    case .done: return "progress"
    }
  }

  /// Why this step, in one sentence.
  var reason: String {
    switch step {
    case .review(let due):
      return
        "\(Plural.count(due, "review card")) \(due == 1 ? "is" : "are") due; reviews first keep what you learned."
    case .quiz(let topic, let mastery):
      return "your weakest topic is \(topic) (mastery \(Int((mastery * 100).rounded())) %)."
    case .study(let section, let resuming):
      return resuming
        ? "finish the questions of “\(section.title)” (\(section.id))."
        : sectionsRead == 0
          ? "start the path at “\(section.title)” (\(section.id)): read it, try it, answer its questions."
          : "read “\(section.title)” (\(section.id)), try it, answer its questions."
    case .exam(let readiness):
      return
        "every section is read and readiness is \(Int((readiness * 100).rounded())) %: sit a mock exam."
    case .done:
      return "every section is read and nothing is due."
    }
  }

  /// The plan in a few lines, for the REPL's greeting and `progress`.
  func lines(color: ColorMode) -> [(label: String, value: String)] {
    [
      ("Due for review", dueReviews == 0 ? "nothing" : Plural.count(dueReviews, "card")),
      (
        "Read last",
        lastRead.map {
          "“\($0.title)” (\($0.id)), \(sectionsRead) of \(sectionsTotal) sections read"
        }
          ?? "nothing yet"
      ),
      ("Next step", color.apply(.bold, to: "`\(command)`") + ": " + reason),
    ]
  }

  /// The plan as `progress --json` prints it.
  struct Summary: Encodable {
    let dueReviews: Int
    let lastRead: String?
    let nextStep: String
    let reason: String
  }

  var summary: Summary {
    Summary(dueReviews: dueReviews, lastRead: lastRead?.id, nextStep: command, reason: reason)
  }
}
