import Curriculum
import Foundation
import ProgressStore

/// One profile's summary as `progress --json` prints it.
struct ProfileProgress: Encodable {
  let profile: String
  let summary: ProgressSummary
  let sectionsTotal: Int?
  let mastery: [MasteryModel.TopicMastery]
  let readiness: Double?
  let plan: StudyPlan?
  let lastExam: LastExam?

  /// The summary of `profile` from `store` at `now`: counts, and, when the content
  /// `library` loads, topic mastery, exam readiness and the study plan; `nil` for a profile
  /// not saved yet.
  init?(
    profile: Profile,
    store: any ProgressStoring,
    library: ContentLibrary?,
    now: Date
  ) throws {
    guard let id = profile.id else { return nil }
    let attempts = try store.attempts(profileId: id)
    let cards = try store.cards(profileId: id)
    let mastery = library.map {
      MasteryModel(library: $0, attempts: attempts, cards: cards, now: now)
    }
    self.profile = profile.name
    summary = try store.summary(profileId: id, now: now)
    sectionsTotal = library?.sections.count
    self.mastery = mastery?.topics.filter { $0.attempts > 0 } ?? []
    readiness = mastery?.readiness
    plan = try library.map {
      StudyPlan(
        library: $0,
        readIds: try store.readSectionIds(profileId: id),
        lastReadId: try store.lastReadSectionId(profileId: id),
        attempts: attempts,
        cards: cards,
        now: now
      )
    }
    lastExam = try store.exams(profileId: id).last.map {
      LastExam(
        exam: $0.exam,
        correct: $0.correct,
        questions: $0.questions,
        score: $0.score,
        finishedAt: $0.finishedAt
      )
    }
  }

  func encode(to encoder: any Encoder) throws {
    try summary.encode(to: encoder)
    var container = encoder.container(keyedBy: Key.self)
    try container.encode(profile, forKey: .profile)
    try container.encodeIfPresent(sectionsTotal, forKey: .sectionsTotal)
    try container.encode(mastery, forKey: .mastery)
    try container.encodeIfPresent(readiness, forKey: .readiness)
    try container.encodeIfPresent(lastExam, forKey: .lastExam)
    try container.encodeIfPresent(plan?.summary, forKey: .studyPath)
  }

  private enum Key: String, CodingKey {
    case profile, mastery, readiness
    case sectionsTotal = "sectionsTotal"
    case lastExam = "lastExam"
    case studyPath = "studyPath"
  }
}

/// The most recent exam, for `progress`.
struct LastExam: Encodable {
  let exam: String
  let correct: Int
  let questions: Int
  let score: Double
  let finishedAt: Date
}
