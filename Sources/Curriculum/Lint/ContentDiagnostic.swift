/// One problem found in a content file, located by file, line and column.
public struct ContentDiagnostic: Sendable, Equatable, Codable, CustomStringConvertible {
  /// How bad it is: errors fail `content lint`, warnings do not.
  public enum Severity: String, Sendable, Codable { case error, warning }

  public let severity: Severity
  /// The file, relative to the content root.
  public let file: String
  /// 1-based line, 0 when unknown.
  public let line: Int
  /// 1-based column, 0 when unknown.
  public let column: Int
  public let message: String

  public init(
    _ severity: Severity = .error,
    file: String,
    line: Int,
    column: Int = 1,
    message: String
  ) {
    self.severity = severity
    self.file = file
    self.line = line
    self.column = column
    self.message = message
  }

  /// `file:line:column: error: message`, as compilers print it.
  public var description: String {
    "\(file):\(max(line, 1)):\(max(column, 1)): \(severity.rawValue): \(message)"
  }
}
