import Yams

/// Reads a question bank (`quizzes/<topic>.yaml`) into questions, reporting every
/// problem with its line and column.
public enum QuizBankParser {
  /// Parses a bank; case studies become one question per sub-question.
  public static func parse(_ text: String, file: String) -> ([Question], [ContentDiagnostic]) {
    var reader = YAMLReader(file: file, lineOffset: 0)
    guard let root = reader.compose(text) else { return ([], reader.diagnostics) }
    guard root.mapping != nil else {
      reader.error("a question bank is a mapping with `topic` and `questions`", at: root)
      return ([], reader.diagnostics)
    }
    let topic = reader.string("topic", in: root) ?? ""
    guard let list = root["questions"]?.sequence else {
      reader.error("missing `questions` list", at: root)
      return ([], reader.diagnostics)
    }
    var questions: [Question] = []
    for node in list {
      if node["type"]?.string == "case" {
        questions += parseCase(node, topic: topic, reader: &reader)
      } else if let question = parseQuestion(
        node,
        topic: topic,
        inherited: nil,
        reader: &reader
      ) {
        questions.append(question)
      }
    }
    return (questions, reader.diagnostics)
  }

  struct Inherited {
    let section: String?
    let difficulty: Int?
    let exams: [Exam: ExamTag]
    let depth: QuestionDepth?
    let caseId: String
    let scenario: String
  }

  static func parseCase(_ node: Node, topic: String, reader: inout YAMLReader) -> [Question] {
    guard let id = reader.string("id", in: node) else { return [] }
    let scenario = reader.string("scenario", in: node) ?? ""
    let inherited = Inherited(
      section: reader.string("section", in: node),
      difficulty: reader.int("difficulty", in: node),
      exams: parseExams(node, reader: &reader, required: true),
      depth: parseDepth(node, id: id, reader: &reader, required: true),
      caseId: id,
      scenario: scenario
    )
    guard let subs = node["questions"]?.sequence, !subs.isEmpty else {
      reader.error("case study `\(id)` needs a `questions` list", at: node)
      return []
    }
    if subs.count < 2 {
      reader.error("case study `\(id)` should have at least two questions", at: node)
    }
    return subs.compactMap {
      parseQuestion($0, topic: topic, inherited: inherited, reader: &reader)
    }
  }

  static func parseExams(_ node: Node, reader: inout YAMLReader, required: Bool) -> [Exam: ExamTag]
  {
    guard let examNode = node["exam"] else {
      if required { reader.error("missing `exam` tags for c01 and c02", at: node) }
      return [:]
    }
    var exams: [Exam: ExamTag] = [:]
    for exam in Exam.allCases {
      guard let tag = examNode[exam.rawValue] else {
        reader.error("`exam` has no `\(exam.rawValue)` tag", at: examNode)
        continue
      }
      var tasks = reader.strings("tasks", in: tag, required: false)
      if tasks.isEmpty, let task = reader.string("task", in: tag, required: false) {
        tasks = [task]
      }
      guard let inScope = tag["in_scope"]?.bool else {
        reader.error("`exam.\(exam.rawValue)` needs `in_scope: true` or `false`", at: tag)
        continue
      }
      exams[exam] = ExamTag(tasks: tasks, inScope: inScope, note: tag["note"]?.string)
    }
    return exams
  }

  /// The `depth:` of a question or case, or `nil` (with an error when required).
  static func parseDepth(_ node: Node, id: String, reader: inout YAMLReader, required: Bool)
    -> QuestionDepth?
  {
    let names = QuestionDepth.allCases.map(\.rawValue).joined(separator: ", ")
    guard let value = node["depth"] else {
      if required {
        reader.error("`\(id)` has no `depth`; use one of \(names)", at: node)
      }
      return nil
    }
    guard let text = value.string, let depth = QuestionDepth(rawValue: text) else {
      reader.error("`depth` of `\(id)` must be one of \(names)", at: value)
      return nil
    }
    return depth
  }

  static func parseQuestion(
    _ node: Node,
    topic: String,
    inherited: Inherited?,
    reader: inout YAMLReader
  ) -> Question? {
    guard node.mapping != nil else {
      reader.error("a question is a mapping with id, type, prompt, answer …", at: node)
      return nil
    }
    guard let id = reader.string("id", in: node), let type = reader.string("type", in: node)
    else { return nil }
    let section =
      reader.string("section", in: node, required: inherited?.section == nil)
      ?? inherited?.section ?? ""
    let difficulty =
      reader.int("difficulty", in: node, required: inherited?.difficulty == nil)
      ?? inherited?.difficulty ?? 2
    if !(1...3).contains(difficulty) {
      reader.error("`difficulty` of `\(id)` must be 1, 2 or 3", at: node["difficulty"])
    }
    var exams = parseExams(node, reader: &reader, required: inherited == nil)
    if exams.isEmpty, let inherited { exams = inherited.exams }
    let prompt = reader.string("prompt", in: node) ?? ""
    let explanation = reader.string("explanation", in: node) ?? ""
    let hints = reader.strings("hints", in: node, required: false)
    if hints.count > 3 {
      reader.error("`\(id)` has \(hints.count) hints; use at most three", at: node["hints"])
    }
    let depth =
      parseDepth(node, id: id, reader: &reader, required: inherited?.depth == nil)
      ?? inherited?.depth ?? .concept
    guard let kind = parseKind(type, id: id, node: node, reader: &reader) else { return nil }
    return Question(
      id: id,
      topic: topic,
      section: section,
      difficulty: difficulty,
      exams: exams,
      prompt: prompt,
      kind: kind,
      explanation: explanation,
      hints: hints,
      caseId: inherited?.caseId,
      scenario: inherited?.scenario,
      file: reader.file,
      line: reader.line(of: node),
      depth: depth
    )
  }

  static func letterIndex(_ node: Node?, count: Int) -> Int? {
    guard let text = node?.string?.uppercased(), text.count == 1,
      let ascii = text.first?.asciiValue, ascii >= 65, Int(ascii) - 65 < count
    else { return nil }
    return Int(ascii) - 65
  }

  static func parseKind(_ type: String, id: String, node: Node, reader: inout YAMLReader)
    -> QuestionKind?
  {
    let answer = node["answer"]
    if answer == nil {
      reader.error("`\(id)` has no `answer`", at: node)
      return nil
    }
    switch type {
    case "single", "multiple", "ordering":
      let choices = reader.strings("choices", in: node)
      guard choices.count >= 2 else {
        reader.error("`\(id)` needs at least two `choices`", at: node["choices"] ?? node)
        return nil
      }
      if type == "single" {
        guard let index = letterIndex(answer, count: choices.count) else {
          reader.error(
            "the answer of single-choice `\(id)` must be one letter of its \(choices.count) choices",
            at: answer
          )
          return nil
        }
        return .single(choices: choices, answer: index)
      }
      let letters = answer?.sequence ?? []
      let indices = letters.compactMap { letterIndex($0, count: choices.count) }
      guard indices.count == letters.count, !indices.isEmpty else {
        reader.error("every answer letter of `\(id)` must name one of its choices", at: answer)
        return nil
      }
      if type == "multiple" {
        guard Set(indices).count >= 2 else {
          reader.error("multiple-response `\(id)` needs at least two right letters", at: answer)
          return nil
        }
        return .multiple(choices: choices, answers: Set(indices))
      }
      guard indices.count == choices.count, Set(indices).count == choices.count else {
        reader.error(
          "the answer of ordering `\(id)` must list each of its \(choices.count) choices once",
          at: answer
        )
        return nil
      }
      if !(3...5).contains(choices.count) {
        reader.error(
          "ordering `\(id)` has \(choices.count) items; the exam uses 3 to 5",
          at: node["choices"]
        )
      }
      return .ordering(choices: choices, order: indices)
    case "matching":
      let left = reader.strings("left", in: node)
      let right = reader.strings("right", in: node)
      guard let mapping = answer?.mapping, !left.isEmpty, !right.isEmpty else {
        reader.error(
          "matching `\(id)` needs `left`, `right` and an answer map like {1: B, 2: A}",
          at: answer
        )
        return nil
      }
      var pairs: [Int: Int] = [:]
      for (key, value) in mapping {
        guard let number = key.int, (1...left.count).contains(number),
          let letter = letterIndex(value, count: right.count)
        else {
          reader.error(
            "matching `\(id)`: each answer entry maps a prompt number 1…\(left.count) to a letter of `right`",
            at: key
          )
          return nil
        }
        pairs[number - 1] = letter
      }
      guard pairs.count == left.count else {
        reader.error(
          "matching `\(id)` must pair every one of its \(left.count) prompts",
          at: answer
        )
        return nil
      }
      if !(3...7).contains(left.count) {
        reader.error(
          "matching `\(id)` has \(left.count) prompts; the exam uses 3 to 7",
          at: node["left"]
        )
      }
      return .matching(left: left, right: right, pairs: pairs)
    case "numeric":
      guard let value = answer?.float, value.isFinite else {
        reader.error("the answer of numeric `\(id)` must be a finite number", at: answer)
        return nil
      }
      var tolerance = 0.0
      if let toleranceNode = node["tolerance"] {
        guard let number = toleranceNode.float, number.isFinite, number >= 0 else {
          reader.error(
            "`tolerance` of `\(id)` must be a finite number, zero or more",
            at: toleranceNode
          )
          return nil
        }
        tolerance = number
      }
      return .numeric(answer: value, tolerance: tolerance, unit: node["unit"]?.string)
    case "short":
      guard let text = answer?.string, !text.isEmpty else {
        reader.error("the answer of short-answer `\(id)` must be text", at: answer)
        return nil
      }
      return .short(answer: text, accepted: reader.strings("accept", in: node, required: false))
    default:
      reader.error(
        "`\(id)` has unknown type `\(type)`; use single, multiple, ordering, matching, numeric, short or case",
        at: node["type"]
      )
      return nil
    }
  }
}
