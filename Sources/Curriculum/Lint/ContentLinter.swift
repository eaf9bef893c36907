import Foundation

/// Checks the whole library: unique and stable ids, answers valid for their type,
/// links and prerequisites that resolve, try commands that run, every topic covered.
public struct ContentLinter: Sendable {
  /// Checks one `try` command line; returns what is wrong, or `nil` when it is fine.
  public typealias CommandCheck = @Sendable (String) -> String?

  /// The topics the content must cover (one chapter and one bank each).
  public static let requiredTopics = [
    "why-size-matters", "size-drivers", "measuring-size", "deep-networks", "ensembles",
    "regularization", "data-size", "feature-selection", "augmentation", "pruning",
    "quantization", "distillation", "efficient-architectures", "accuracy-generalization",
    "training-cost", "inference-latency", "case-studies", "deployment", "decision-flow",
    "glossary", "foundation-models", "language-models",
  ]

  let checkCommand: CommandCheck

  public init(checkCommand: @escaping CommandCheck) {
    self.checkCommand = checkCommand
  }

  /// Every problem in `library`, parse problems first, sorted by file and line.
  public func lint(_ library: ContentLibrary) -> [ContentDiagnostic] {
    var out = library.diagnostics
    var chapterIds: [String: Chapter] = [:]
    var sectionIds: [String: Section] = [:]
    for chapter in library.chapters {
      if chapter.id.isEmpty || !Self.isStableId(chapter.id) {
        out.append(
          ContentDiagnostic(
            file: chapter.file,
            line: 2,
            message: "chapter id `\(chapter.id)` must be kebab-case letters, digits and '-'"
          )
        )
      }
      if let other = chapterIds[chapter.id] {
        out.append(
          ContentDiagnostic(
            file: chapter.file,
            line: 2,
            message: "chapter id `\(chapter.id)` is used by \(other.file) too"
          )
        )
      }
      chapterIds[chapter.id] = chapter
      for section in chapter.sections {
        if !Self.isStableId(section.id) {
          out.append(
            ContentDiagnostic(
              file: chapter.file,
              line: section.line,
              message: "section id `\(section.id)` must be kebab-case letters, digits and '-'"
            )
          )
        }
        if let other = sectionIds[section.id] {
          out.append(
            ContentDiagnostic(
              file: chapter.file,
              line: section.line,
              message: "section id `\(section.id)` is used in chapter `\(other.chapterId)` too"
            )
          )
        }
        sectionIds[section.id] = section
        for (offset, command) in section.tryCommands.enumerated() {
          if let problem = checkCommand(command) {
            out.append(
              ContentDiagnostic(
                file: chapter.file,
                line: tryLine(section: section, index: offset),
                message: "try `\(command)`: \(problem)"
              )
            )
          }
        }
      }
    }
    for chapter in library.chapters {
      for prerequisite in chapter.prerequisites where chapterIds[prerequisite] == nil {
        out.append(
          ContentDiagnostic(
            file: chapter.file,
            line: 2,
            message: "prerequisite `\(prerequisite)` is not a chapter id"
          )
        )
      }
    }
    out += Self.chapterOrderProblems(library.chapters)
    var questionIds: [String: Question] = [:]
    for question in library.questions {
      if let other = questionIds[question.id] {
        out.append(
          ContentDiagnostic(
            file: question.file,
            line: question.line,
            message: "question id `\(question.id)` is used in \(other.file):\(other.line) too"
          )
        )
      }
      questionIds[question.id] = question
      if sectionIds[question.section] == nil {
        out.append(
          ContentDiagnostic(
            file: question.file,
            line: question.line,
            message:
              "question `\(question.id)` links to section `\(question.section)`, which does not exist"
          )
        )
      }
      if let repeated = Self.repeatedOption(of: question.kind) {
        out.append(
          ContentDiagnostic(
            file: question.file,
            line: question.line,
            message:
              "question `\(question.id)` lists the option \"\(repeated)\" twice; every option must differ"
          )
        )
      }
      if !question.depth.mayBeInExamScope {
        for exam in Exam.allCases where question.exams[exam]?.inScope == true {
          out.append(
            ContentDiagnostic(
              file: question.file,
              line: question.line,
              message:
                "question `\(question.id)` has depth `\(question.depth.rawValue)`, which is out of exam scope; set `\(exam.rawValue): {…, in_scope: false}` or change its depth (docs/content-format.md, Depth policy)"
            )
          )
        }
      }
      if question.explanation.isEmpty {
        out.append(
          ContentDiagnostic(
            file: question.file,
            line: question.line,
            message: "question `\(question.id)` has no explanation"
          )
        )
      }
    }
    var scenarioIds = Set<String>()
    for scenario in library.scenarios {
      if !scenarioIds.insert(scenario.id).inserted || !Self.isStableId(scenario.id) {
        out.append(
          ContentDiagnostic(
            file: scenario.file,
            line: 1,
            message: "scenario id `\(scenario.id)` must be unique kebab-case"
          )
        )
      }
      if sectionIds[scenario.section] == nil {
        out.append(
          ContentDiagnostic(
            file: scenario.file,
            line: 1,
            message:
              "scenario `\(scenario.id)` links to section `\(scenario.section)`, which does not exist"
          )
        )
      }
      if scenario.minutes < 0 {
        out.append(
          ContentDiagnostic(
            file: scenario.file,
            line: 1,
            message:
              "scenario `\(scenario.id)` has `minutes: \(scenario.minutes)`; time must be zero or more"
          )
        )
      }
      for run in scenario.runs {
        if let problem = checkCommand(run.command) {
          out.append(
            ContentDiagnostic(
              file: scenario.file,
              line: run.line,
              message: "run `\(run.command)`: \(problem)"
            )
          )
        }
      }
    }
    let chapterTopics = Set(library.chapters.flatMap(\.topics))
    let questionTopics = Set(library.questions.map(\.topic))
    for topic in Self.requiredTopics {
      if !chapterTopics.contains(topic) {
        out.append(
          ContentDiagnostic(
            file: "content/chapters",
            line: 0,
            message: "no chapter covers the topic `\(topic)`"
          )
        )
      }
      if !questionTopics.contains(topic) {
        out.append(
          ContentDiagnostic(
            file: "quizzes",
            line: 0,
            message: "no question bank covers the topic `\(topic)`"
          )
        )
      }
    }
    out += KeyBalance(library.questions).diagnostics
    for exam in Exam.allCases {
      for pool in ExamPool.pools(library.questions, exam: exam) where pool.shortfall > 0 {
        out.append(
          ContentDiagnostic(
            file: "quizzes",
            line: 0,
            message:
              "\(exam.code) domain \(pool.domain) needs \(pool.quota) exam-type questions for a \(ExamPool.standardLength)-question exam but has \(pool.available) in scope; write \(pool.shortfall) more"
          )
        )
      }
    }
    return out
  }

  /// The first option text that appears twice among a question's options, if any.
  static func repeatedOption(of kind: QuestionKind) -> String? {
    let options: [String]
    switch kind {
    case .single(let choices, _), .multiple(let choices, _), .ordering(let choices, _):
      options = choices
    case .matching(_, let right, _):
      options = right
    case .numeric, .short:
      return nil
    }
    var seen = Set<String>()
    for option in options {
      let key = option.trimmingCharacters(in: .whitespaces).lowercased()
      if !seen.insert(key).inserted { return option }
    }
    return nil
  }

  /// Duplicate `order`, negative `minutes`, and prerequisites that point at the
  /// chapter itself or form a cycle.
  static func chapterOrderProblems(_ chapters: [Chapter]) -> [ContentDiagnostic] {
    var out: [ContentDiagnostic] = []
    var byOrder: [Int: Chapter] = [:]
    for chapter in chapters {
      if let other = byOrder[chapter.order] {
        out.append(
          ContentDiagnostic(
            file: chapter.file,
            line: 2,
            message:
              "chapter `\(chapter.id)` has `order: \(chapter.order)`, the same as \(other.file); give each chapter its own position"
          )
        )
      } else {
        byOrder[chapter.order] = chapter
      }
      if chapter.minutes < 0 {
        out.append(
          ContentDiagnostic(
            file: chapter.file,
            line: 2,
            message:
              "chapter `\(chapter.id)` has `minutes: \(chapter.minutes)`; reading time must be zero or more"
          )
        )
      }
      if chapter.prerequisites.contains(chapter.id) {
        out.append(
          ContentDiagnostic(
            file: chapter.file,
            line: 2,
            message: "chapter `\(chapter.id)` lists itself as a prerequisite"
          )
        )
      }
    }
    let byId = Dictionary(chapters.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    var reported = Set<String>()
    for chapter in chapters where !reported.contains(chapter.id) {
      guard let cycle = prerequisiteCycle(from: chapter.id, in: byId), cycle.count > 2 else {
        continue
      }
      reported.formUnion(cycle)
      out.append(
        ContentDiagnostic(
          file: chapter.file,
          line: 2,
          message:
            "prerequisites form a cycle: \(cycle.map { "`\($0)`" }.joined(separator: " → ")); a learner could never start any of them"
        )
      )
    }
    return out
  }

  /// The first prerequisite path from `start` back to itself, as ids with `start`
  /// at both ends, or `nil` when `start` is not on a cycle.
  static func prerequisiteCycle(from start: String, in chapters: [String: Chapter]) -> [String]? {
    var visited = Set<String>()
    var path: [String] = [start]
    func walk(_ id: String) -> Bool {
      for next in chapters[id]?.prerequisites ?? [] {
        if next == start {
          path.append(next)
          return true
        }
        guard next != id, visited.insert(next).inserted else { continue }
        path.append(next)
        if walk(next) { return true }
        path.removeLast()
      }
      return false
    }
    return walk(start) ? path : nil
  }

  /// The file line of the `index`-th try command of a section.
  func tryLine(section: Section, index: Int) -> Int {
    section.tryLines.indices.contains(index) ? section.tryLines[index] : section.line
  }

  static func isStableId(_ id: String) -> Bool {
    !id.isEmpty
      && id.allSatisfy { ($0.isLowercase && $0.isASCII) || $0.isNumber || $0 == "-" }
  }
}
