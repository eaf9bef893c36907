/// How deep a question goes, which decides whether it may count toward an exam.
///
/// The exams test judgement about model size (which lever, which trade-off, how many
/// bytes a precision takes), not one framework's API details or long hand
/// arithmetic. `content lint` refuses a `framework-trivia` or `deep-arithmetic`
/// question tagged `in_scope: true` for any exam; such questions stay in `quiz` and
/// `drill`.
public enum QuestionDepth: String, Sendable, CaseIterable, Codable {
  /// A concept, a trade-off or a service choice.
  case concept
  /// Sizing arithmetic the exam expects: parameters, bytes per data type, memory.
  case sizing
  /// A detail of one framework's API or output (OpenCV indexing, `torch.save`'s
  /// return value, Keras' KB units).
  case frameworkTrivia = "framework-trivia"
  /// Multi-step arithmetic beyond the exam (pruning-schedule values, softmax with
  /// temperature by hand, quantization internals).
  case deepArithmetic = "deep-arithmetic"

  /// Whether a question of this depth may be tagged in scope for an exam.
  public var mayBeInExamScope: Bool { self == .concept || self == .sizing }
}
