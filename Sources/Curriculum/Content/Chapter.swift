/// A chapter of the study content: front matter plus its sections in order.
public struct Chapter: Sendable, Equatable, Identifiable {
  public let id: String
  public let title: String
  /// Position in the table of contents.
  public let order: Int
  public let topics: [String]
  /// Estimated reading time in minutes.
  public let minutes: Int
  /// Chapter ids a learner should read first.
  public let prerequisites: [String]
  public let exams: [Exam: ExamTag]
  public let sections: [Section]
  /// The file the chapter came from, relative to the content root.
  public let file: String

  public init(
    id: String,
    title: String,
    order: Int,
    topics: [String],
    minutes: Int,
    prerequisites: [String],
    exams: [Exam: ExamTag],
    sections: [Section],
    file: String
  ) {
    self.id = id
    self.title = title
    self.order = order
    self.topics = topics
    self.minutes = minutes
    self.prerequisites = prerequisites
    self.exams = exams
    self.sections = sections
    self.file = file
  }
}
