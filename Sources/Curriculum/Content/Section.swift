/// One readable section of a chapter, with its stable id and its "try it" commands.
public struct Section: Sendable, Equatable, Identifiable {
  /// Stable id, unique across all chapters (`prune-magnitude`).
  public let id: String
  public let title: String
  /// The id of the chapter the section belongs to.
  public let chapterId: String
  /// The Markdown body after the heading, `try` blocks included.
  public let body: String
  /// The commands of the section's `try` blocks, without the program name.
  public let tryCommands: [String]
  /// The 1-based line of the heading in the chapter file.
  public let line: Int
  /// The 1-based file line of each command in `tryCommands`.
  public let tryLines: [Int]

  public init(
    id: String,
    title: String,
    chapterId: String,
    body: String,
    tryCommands: [String],
    line: Int,
    tryLines: [Int] = []
  ) {
    self.id = id
    self.title = title
    self.chapterId = chapterId
    self.body = body
    self.tryCommands = tryCommands
    self.line = line
    self.tryLines = tryLines
  }
}
