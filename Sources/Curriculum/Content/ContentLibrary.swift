import Foundation

/// All study content under one root: chapters from `content/chapters`, question banks
/// from `quizzes`, plus the problems found while reading them.
public struct ContentLibrary: Sendable {
  /// The folder that holds `content/` and `quizzes/`.
  public let root: String
  /// Chapters in table-of-contents order.
  public let chapters: [Chapter]
  /// All questions, case-study parts included, in file order.
  public let questions: [Question]
  /// Worked scenarios, in file order.
  public let scenarios: [Scenario]
  /// Problems found while reading the files.
  public let diagnostics: [ContentDiagnostic]

  public init(
    root: String,
    chapters: [Chapter],
    questions: [Question],
    scenarios: [Scenario] = [],
    diagnostics: [ContentDiagnostic]
  ) {
    self.root = root
    self.chapters = chapters
    self.questions = questions
    self.scenarios = scenarios
    self.diagnostics = diagnostics
  }

  /// Reads every chapter and bank under `root`.
  public static func load(root: String) throws(ContentError) -> ContentLibrary {
    let fileManager = FileManager.default
    let chapterDir = root + "/content/chapters"
    let quizDir = root + "/quizzes"
    guard fileManager.fileExists(atPath: chapterDir) else {
      throw ContentError.contentNotFound(searched: [root])
    }
    var diagnostics: [ContentDiagnostic] = []
    var chapters: [Chapter] = []
    let chapterNames = (try? fileManager.contentsOfDirectory(atPath: chapterDir))?.sorted() ?? []
    diagnostics += strayFiles(
      chapterNames,
      folder: "content/chapters",
      kind: "a chapter",
      suffixes: [".md"]
    )
    for name in chapterNames where name.hasSuffix(".md") {
      let relative = "content/chapters/" + name
      guard let text = try? String(contentsOfFile: chapterDir + "/" + name, encoding: .utf8) else {
        diagnostics.append(ContentDiagnostic(file: relative, line: 1, message: "not UTF-8 text"))
        continue
      }
      let (chapter, problems) = ChapterParser.parse(text, file: relative)
      diagnostics += problems
      if let chapter { chapters.append(chapter) }
    }
    var questions: [Question] = []
    let bankNames = (try? fileManager.contentsOfDirectory(atPath: quizDir))?.sorted() ?? []
    diagnostics += strayFiles(
      bankNames,
      folder: "quizzes",
      kind: "a question bank",
      suffixes: [".yaml", ".yml"]
    )
    for name in bankNames where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
      let relative = "quizzes/" + name
      guard let text = try? String(contentsOfFile: quizDir + "/" + name, encoding: .utf8) else {
        diagnostics.append(ContentDiagnostic(file: relative, line: 1, message: "not UTF-8 text"))
        continue
      }
      let (parsed, problems) = QuizBankParser.parse(text, file: relative)
      diagnostics += problems
      questions += parsed
    }
    var scenarios: [Scenario] = []
    let scenarioDir = root + "/content/scenarios"
    for name in (try? fileManager.contentsOfDirectory(atPath: scenarioDir))?.sorted() ?? []
    where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
      let relative = "content/scenarios/" + name
      guard let text = try? String(contentsOfFile: scenarioDir + "/" + name, encoding: .utf8) else {
        diagnostics.append(ContentDiagnostic(file: relative, line: 1, message: "not UTF-8 text"))
        continue
      }
      let (scenario, problems) = ScenarioParser.parse(text, file: relative)
      diagnostics += problems
      if let scenario { scenarios.append(scenario) }
    }
    chapters.sort { ($0.order, $0.id) < ($1.order, $1.id) }
    return ContentLibrary(
      root: root,
      chapters: chapters,
      questions: questions,
      scenarios: scenarios,
      diagnostics: diagnostics
    )
  }

  /// A warning for each file in a content folder that is not read because of its name.
  static func strayFiles(
    _ names: [String],
    folder: String,
    kind: String,
    suffixes: [String]
  ) -> [ContentDiagnostic] {
    names.filter { name in
      !name.hasPrefix(".") && !suffixes.contains { name.hasSuffix($0) }
    }.map { name in
      ContentDiagnostic(
        .warning,
        file: folder + "/" + name,
        line: 1,
        message:
          "not read: \(kind) file's name ends in \(suffixes.joined(separator: " or ")); rename or remove it"
      )
    }
  }

  /// One line per content file that has a problem.
  ///
  /// Each line gives the file's first problem with its file:line:column and how
  /// many more there are. Commands that load the content print these as warnings
  /// and go on with what could be read.
  public var loadProblems: [String] {
    var order: [String] = []
    var byFile: [String: [ContentDiagnostic]] = [:]
    for diagnostic in diagnostics {
      if byFile[diagnostic.file] == nil { order.append(diagnostic.file) }
      byFile[diagnostic.file, default: []].append(diagnostic)
    }
    return order.compactMap { file in
      guard let problems = byFile[file], let first = problems.first else { return nil }
      let location = "\(first.file):\(max(first.line, 1)):\(max(first.column, 1))"
      let more =
        problems.count > 1
        ? " (and \(problems.count - 1) more in this file)" : ""
      return
        "\(location): \(first.message)\(more); what could not be read is left out, run `goldilocks content lint` for every problem"
    }
  }

  /// Every section in reading order.
  public var sections: [Section] { chapters.flatMap(\.sections) }

  /// The section with this id, or the first whose title starts with `query` (any case).
  public func section(matching query: String) -> Section? {
    let wanted = query.lowercased().trimmingCharacters(in: .whitespaces)
    guard !wanted.isEmpty else { return nil }
    if let exact = sections.first(where: { $0.id == wanted }) { return exact }
    return sections.first { $0.title.lowercased().hasPrefix(wanted) }
      ?? chapters.first { $0.id == wanted || $0.title.lowercased().hasPrefix(wanted) }?
      .sections.first
  }

  /// The chapter a section belongs to.
  public func chapter(of section: Section) -> Chapter? {
    chapters.first { $0.id == section.chapterId }
  }

  /// The section before or after `id` in reading order.
  public func section(after id: String, offset: Int) -> Section? {
    let all = sections
    guard let index = all.firstIndex(where: { $0.id == id }) else { return nil }
    let target = index + offset
    return all.indices.contains(target) ? all[target] : nil
  }

  /// Sections whose title or text contains every word (any case), best matches first.
  public func search(_ words: [String]) -> [(section: Section, hits: Int)] {
    let needles = words.map { $0.lowercased() }.filter { !$0.isEmpty }
    guard !needles.isEmpty else { return [] }
    var results: [(Section, Int)] = []
    for section in sections {
      let haystack = (section.title + "\n" + section.body).lowercased()
      guard needles.allSatisfy(haystack.contains) else { continue }
      let hits = needles.reduce(0) { $0 + haystack.components(separatedBy: $1).count - 1 }
      let titleBonus = needles.contains { section.title.lowercased().contains($0) } ? 100 : 0
      results.append((section, hits + titleBonus))
    }
    return results.sorted { $0.1 > $1.1 }.map { (section: $0.0, hits: $0.1) }
  }

  /// The topics questions are tagged with, sorted.
  public var topics: [String] { Array(Set(questions.map(\.topic))).sorted() }
}
