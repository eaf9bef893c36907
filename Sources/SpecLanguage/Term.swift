/// One term of a spec as written: `name` or `name(arg, …, key=value)`.
struct Term: Sendable, Equatable {
  /// One argument: positional (`key == nil`) or `key=value`.
  struct Argument: Sendable, Equatable {
    var key: String?
    var value: String
  }

  /// 1-based position in the spec (`input` or the preset is term 1).
  var number: Int
  /// The name before the parentheses.
  var name: String
  /// The arguments inside the parentheses, trimmed.
  var arguments: [Argument]
  /// The term exactly as written, such as `conv2d(64,9)`.
  var text: String
  /// How many times the term is repeated: N for `decoder(...)xN`, else 1.
  var repeatCount: Int = 1

  /// An error pointing at this term.
  func error(_ message: String) -> SpecError {
    SpecError(term: number, text: text, message: message)
  }
}
