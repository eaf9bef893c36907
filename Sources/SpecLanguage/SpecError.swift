/// A model spec that cannot be parsed or built, pointing at the offending term.
public struct SpecError: Error, CustomStringConvertible, Equatable, Sendable {
  /// 1-based number of the term, counting `input` as term 1; 0 for the whole spec.
  public let term: Int
  /// The text of the term as the learner wrote it.
  public let text: String
  /// What is wrong, written for the learner.
  public let message: String

  public init(term: Int, text: String, message: String) {
    self.term = term
    self.text = text
    self.message = message
  }

  public var description: String {
    term == 0 ? message : "term \(term) `\(text)`: \(message)"
  }
}
