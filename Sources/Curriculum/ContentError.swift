/// A content file (chapter, question bank, scenario) that cannot be read.
public enum ContentError: Error, CustomStringConvertible, Equatable, Sendable {
  /// The content folder was not found.
  case contentNotFound(searched: [String])
  /// A file could not be parsed; `line` and `column` are 1-based when known.
  case malformed(file: String, line: Int?, column: Int?, message: String)
  /// No section matches what the learner asked for.
  case unknownSection(String)

  public var description: String {
    switch self {
    case .contentNotFound(let searched):
      return
        "the study content (content/ and quizzes/) was not found; looked in \(searched.joined(separator: ", ")); set GOLDILOCKS_CONTENT to the folder that holds them"
    case .malformed(let file, let line, let column, let message):
      let position = [line.map(String.init), column.map(String.init)].compactMap { $0 }
      return ([file] + position).joined(separator: ":") + ": " + message
    case .unknownSection(let name):
      return "no section matches '\(name)'; run `toc` to see the sections"
    }
  }
}
