import Yams

/// A worked scenario: a situation, live calculator runs, and a decision to take.
public struct Scenario: Sendable, Equatable, Identifiable {
  /// One calculator run with what the learner should watch for.
  public struct Run: Sendable, Equatable {
    public let say: String
    public let command: String
    /// The 1-based line of the command in the file.
    public let line: Int
  }

  public let id: String
  public let title: String
  public let topics: [String]
  public let section: String
  public let minutes: Int
  public let exams: [Exam: ExamTag]
  /// Markdown describing the situation.
  public let setup: String
  public let runs: [Run]
  /// The decision, as a single-choice question whose id is `scenario-<id>`.
  public let decision: Question
  public let file: String
}

/// Reads scenario files (`content/scenarios/<id>.yaml`).
public enum ScenarioParser {
  public static func parse(_ text: String, file: String) -> (Scenario?, [ContentDiagnostic]) {
    var reader = YAMLReader(file: file)
    guard let root = reader.compose(text), root.mapping != nil else {
      if reader.diagnostics.isEmpty { reader.error("a scenario is a YAML mapping", at: nil) }
      return (nil, reader.diagnostics)
    }
    let id = reader.string("id", in: root) ?? ""
    let title = reader.string("title", in: root) ?? id
    let topics = reader.strings("topics", in: root)
    let section = reader.string("section", in: root) ?? ""
    let minutes = reader.int("minutes", in: root, required: false) ?? 10
    let exams = QuizBankParser.parseExams(root, reader: &reader, required: true)
    let setup = reader.string("setup", in: root) ?? ""
    var runs: [Scenario.Run] = []
    if let list = root["runs"]?.sequence, !list.isEmpty {
      for item in list {
        guard let command = reader.string("command", in: item) else { continue }
        runs.append(
          Scenario.Run(
            say: reader.string("say", in: item, required: false) ?? "",
            command: command,
            line: reader.line(of: item["command"])
          )
        )
      }
    } else {
      reader.error(
        "a scenario needs `runs`: the calculator commands that back the decision",
        at: root
      )
    }
    guard let decisionNode = root["decision"] else {
      reader.error("missing `decision`", at: root)
      return (nil, reader.diagnostics)
    }
    let choices = reader.strings("choices", in: decisionNode)
    let answer = QuizBankParser.letterIndex(decisionNode["answer"], count: choices.count)
    if answer == nil {
      reader.error(
        "the decision's answer must be one letter of its choices",
        at: decisionNode["answer"] ?? decisionNode
      )
    }
    let decision = Question(
      id: "scenario-" + id,
      topic: topics.first ?? "case-studies",
      section: section,
      difficulty: 3,
      exams: exams,
      prompt: reader.string("prompt", in: decisionNode) ?? "",
      kind: .single(choices: choices, answer: answer ?? 0),
      explanation: reader.string("explanation", in: decisionNode) ?? "",
      hints: reader.strings("hints", in: decisionNode, required: false),
      file: file,
      line: reader.line(of: decisionNode)
    )
    let scenario = Scenario(
      id: id,
      title: title,
      topics: topics,
      section: section,
      minutes: minutes,
      exams: exams,
      setup: setup,
      runs: runs,
      decision: decision,
      file: file
    )
    return (answer == nil ? nil : scenario, reader.diagnostics)
  }
}
