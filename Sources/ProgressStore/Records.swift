import Foundation
import GRDB

/// A learner whose progress is kept apart from other learners' on the same machine.
public struct Profile: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
  public static let databaseTableName = "profile"
  public var id: Int64?
  public var name: String
  public var createdAt: Date

  public init(id: Int64? = nil, name: String, createdAt: Date) {
    self.id = id
    self.name = name
    self.createdAt = createdAt
  }

  public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

  public enum Columns {
    public static let name = Column(CodingKeys.name)
  }
}

/// One reading of a section, keyed by the section's stable id.
public struct SectionRead: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
  public static let databaseTableName = "sectionRead"

  /// The columns queries filter and sort on, named once.
  public enum Columns {
    public static let profileId = Column(CodingKeys.profileId)
    public static let sectionId = Column(CodingKeys.sectionId)
    public static let readAt = Column(CodingKeys.readAt)
  }
  public var profileId: Int64
  public var sectionId: String
  public var chapterId: String
  public var readAt: Date
  public var seconds: Double

  public init(profileId: Int64, sectionId: String, chapterId: String, readAt: Date, seconds: Double)
  {
    self.profileId = profileId
    self.sectionId = sectionId
    self.chapterId = chapterId
    self.readAt = readAt
    self.seconds = seconds
  }
}

/// One answer to one question, committed before the next question appears.
public struct QuizAttempt: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
  public static let databaseTableName = "quizAttempt"

  /// The columns queries filter and sort on, named once.
  public enum Columns {
    public static let profileId = Column(CodingKeys.profileId)
    public static let questionId = Column(CodingKeys.questionId)
    public static let topic = Column(CodingKeys.topic)
    public static let answeredAt = Column(CodingKeys.answeredAt)
  }
  public var id: Int64?
  public var profileId: Int64
  public var questionId: String
  public var topic: String
  /// How the answer was given: `quiz`, `exam`, `review`, `cram`, `drill`.
  public var mode: String
  public var answer: String
  public var correct: Bool
  public var seconds: Double
  public var answeredAt: Date

  public init(
    id: Int64? = nil,
    profileId: Int64,
    questionId: String,
    topic: String,
    mode: String,
    answer: String,
    correct: Bool,
    seconds: Double,
    answeredAt: Date
  ) {
    self.id = id
    self.profileId = profileId
    self.questionId = questionId
    self.topic = topic
    self.mode = mode
    self.answer = answer
    self.correct = correct
    self.seconds = seconds
    self.answeredAt = answeredAt
  }

  public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// The spaced-repetition state of one question for one learner.
public struct ReviewCard: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
  public static let databaseTableName = "reviewCard"

  /// The columns queries filter and sort on, named once.
  public enum Columns {
    public static let profileId = Column(CodingKeys.profileId)
    public static let questionId = Column(CodingKeys.questionId)
    public static let due = Column(CodingKeys.due)
  }
  public var profileId: Int64
  public var questionId: String
  /// `learning`, `review` or `relearning`.
  public var state: String
  public var step: Int?
  public var stability: Double?
  public var difficulty: Double?
  public var due: Date
  public var lastReview: Date?

  public init(
    profileId: Int64,
    questionId: String,
    state: String,
    step: Int?,
    stability: Double?,
    difficulty: Double?,
    due: Date,
    lastReview: Date?
  ) {
    self.profileId = profileId
    self.questionId = questionId
    self.state = state
    self.step = step
    self.stability = stability
    self.difficulty = difficulty
    self.due = due
    self.lastReview = lastReview
  }
}

/// One rating of one card, kept so that a scheduler can later be fitted to the learner.
public struct ReviewLogRecord: Codable, Sendable, Equatable, FetchableRecord,
  MutablePersistableRecord
{
  public static let databaseTableName = "reviewLog"

  /// The columns queries filter and sort on, named once.
  public enum Columns {
    public static let profileId = Column(CodingKeys.profileId)
    public static let questionId = Column(CodingKeys.questionId)
    public static let reviewedAt = Column(CodingKeys.reviewedAt)
  }
  public var id: Int64?
  public var profileId: Int64
  public var questionId: String
  /// `again`, `hard`, `good` or `easy`.
  public var rating: String
  public var reviewedAt: Date
  public var durationMs: Int

  public init(
    id: Int64? = nil,
    profileId: Int64,
    questionId: String,
    rating: String,
    reviewedAt: Date,
    durationMs: Int
  ) {
    self.id = id
    self.profileId = profileId
    self.questionId = questionId
    self.rating = rating
    self.reviewedAt = reviewedAt
    self.durationMs = durationMs
  }

  public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// One calculator run: the command, the spec and the measured result as JSON.
public struct Experiment: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
  public static let databaseTableName = "experiment"

  /// The columns queries filter and sort on, named once.
  public enum Columns {
    public static let id = Column(CodingKeys.id)
    public static let profileId = Column(CodingKeys.profileId)
    public static let createdAt = Column(CodingKeys.createdAt)
  }
  public var id: Int64?
  public var profileId: Int64
  public var command: String
  public var spec: String
  public var resultJSON: String
  public var createdAt: Date

  public init(
    id: Int64? = nil,
    profileId: Int64,
    command: String,
    spec: String,
    resultJSON: String,
    createdAt: Date
  ) {
    self.id = id
    self.profileId = profileId
    self.command = command
    self.spec = spec
    self.resultJSON = resultJSON
    self.createdAt = createdAt
  }

  public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// One play of a worked scenario and the decision the learner took.
public struct ScenarioRun: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
  public static let databaseTableName = "scenarioRun"

  /// The columns queries filter and sort on, named once.
  public enum Columns {
    public static let profileId = Column(CodingKeys.profileId)
    public static let createdAt = Column(CodingKeys.createdAt)
  }
  public var id: Int64?
  public var profileId: Int64
  public var scenarioId: String
  public var decision: String
  public var correct: Bool
  public var resultJSON: String
  public var createdAt: Date

  public init(
    id: Int64? = nil,
    profileId: Int64,
    scenarioId: String,
    decision: String,
    correct: Bool,
    resultJSON: String,
    createdAt: Date
  ) {
    self.id = id
    self.profileId = profileId
    self.scenarioId = scenarioId
    self.decision = decision
    self.correct = correct
    self.resultJSON = resultJSON
    self.createdAt = createdAt
  }

  public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// One finished mock exam.
public struct ExamResult: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
  public static let databaseTableName = "examResult"

  /// The columns queries filter and sort on, named once.
  public enum Columns {
    public static let profileId = Column(CodingKeys.profileId)
    public static let finishedAt = Column(CodingKeys.finishedAt)
  }
  public var id: Int64?
  public var profileId: Int64
  /// `c01` or `c02`.
  public var exam: String
  public var questions: Int
  public var correct: Int
  /// Minutes the learner took.
  public var minutes: Double
  public var startedAt: Date
  public var finishedAt: Date
  /// Per-domain and per-topic results as JSON.
  public var detailJSON: String

  public init(
    id: Int64? = nil,
    profileId: Int64,
    exam: String,
    questions: Int,
    correct: Int,
    minutes: Double,
    startedAt: Date,
    finishedAt: Date,
    detailJSON: String
  ) {
    self.id = id
    self.profileId = profileId
    self.exam = exam
    self.questions = questions
    self.correct = correct
    self.minutes = minutes
    self.startedAt = startedAt
    self.finishedAt = finishedAt
    self.detailJSON = detailJSON
  }

  public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

  /// The share of right answers.
  public var score: Double { questions == 0 ? 0 : Double(correct) / Double(questions) }
}
