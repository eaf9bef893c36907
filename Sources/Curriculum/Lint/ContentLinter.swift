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
    "glossary", "foundation-models",
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
    return out
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
