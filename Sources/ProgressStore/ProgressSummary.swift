import Foundation

/// What a learner has done so far, as `progress` prints it.
public struct ProgressSummary: Codable, Sendable, Equatable {
  /// Answers and correct answers for one topic.
  public struct TopicStats: Codable, Sendable, Equatable {
    public var topic: String
    public var attempts: Int
    public var correct: Int

    /// The share of correct answers, 0 when there are none.
    public var accuracy: Double { attempts == 0 ? 0 : Double(correct) / Double(attempts) }

    mutating func record(correct isCorrect: Bool) {
      attempts += 1
      if isCorrect { correct += 1 }
    }

    enum CodingKeys: String, CodingKey {
      case topic, attempts, correct
    }
  }

  public var sectionsRead: Int
  public var attempts: Int
  public var correct: Int
  public var topics: [TopicStats]
  public var cards: Int
  public var cardsDue: Int
  public var experiments: Int
  public var scenarioRuns: Int
  public var secondsSpent: Double
  public var streakDays: Int
  public var lastActivity: Date?

  enum CodingKeys: String, CodingKey {
    case sectionsRead = "sections_read"
    case attempts
    case correct
    case topics
    case cards
    case cardsDue = "cards_due"
    case experiments
    case scenarioRuns = "scenario_runs"
    case secondsSpent = "seconds_spent"
    case streakDays = "streak_days"
    case lastActivity = "last_activity"
  }
}
