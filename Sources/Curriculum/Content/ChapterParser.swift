import Foundation
import Yams

/// Reads a chapter file: YAML front matter, then `## Title {#id}` sections with their
/// ```` ```try ```` blocks.
public enum ChapterParser {
  /// Parses `text` from `file`; returns the chapter (when it could be read at all) and
  /// every problem found, each with its line and column.
  public static func parse(_ text: String, file: String) -> (Chapter?, [ContentDiagnostic]) {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    guard lines.first?.trimmingTrailingSpaces() == "---",
      let end = lines.dropFirst().firstIndex(where: { $0.trimmingTrailingSpaces() == "---" })
    else {
      return (
        nil,
        [
          ContentDiagnostic(
            file: file,
            line: 1,
            message: "a chapter starts with YAML front matter between two `---` lines"
          )
        ]
      )
    }
    var reader = YAMLReader(file: file, lineOffset: 1)
    let yaml = lines[1..<end].joined(separator: "\n")
    guard let front = reader.compose(yaml), front.mapping != nil else {
      if reader.diagnostics.isEmpty {
        reader.error("the front matter must be a YAML mapping", at: nil)
      }
      return (nil, reader.diagnostics)
    }
    let id = reader.string("id", in: front) ?? ""
    let title = reader.string("title", in: front) ?? id
    let order = reader.int("order", in: front) ?? 0
    let topics = reader.strings("topics", in: front)
    let minutes = reader.int("minutes", in: front) ?? 0
    let prerequisites = reader.strings("prerequisites", in: front, required: false)
    var exams: [Exam: ExamTag] = [:]
    if let examNode = front["exam"] {
      for exam in Exam.allCases {
        guard let tagNode = examNode[exam.rawValue] else {
          reader.error("`exam` has no `\(exam.rawValue)` tag", at: examNode)
          continue
        }
        var tasks = reader.strings("tasks", in: tagNode, required: false)
        if tasks.isEmpty, let task = reader.string("task", in: tagNode, required: false) {
          tasks = [task]
        }
        guard let inScope = tagNode["in_scope"]?.bool else {
          reader.error("`exam.\(exam.rawValue)` needs `in_scope: true` or `false`", at: tagNode)
          continue
        }
        exams[exam] = ExamTag(
          tasks: tasks,
          inScope: inScope,
          note: reader.string("note", in: tagNode, required: false)
        )
      }
    } else {
      reader.error("missing `exam` tags for c01 and c02", at: front)
    }
    var diagnostics = reader.diagnostics
    let sections = parseSections(
      lines: lines,
      from: end + 1,
      chapterId: id,
      file: file,
      diagnostics: &diagnostics
    )
    if sections.isEmpty {
      diagnostics.append(
        ContentDiagnostic(
          file: file,
          line: end + 2,
          message: "a chapter needs at least one `## Title {#section-id}` section"
        )
      )
    }
    let chapter = Chapter(
      id: id,
      title: title,
      order: order,
      topics: topics,
      minutes: minutes,
      prerequisites: prerequisites,
      exams: exams,
      sections: sections,
      file: file
    )
    return (chapter, diagnostics)
  }

  static func parseSections(
    lines: [String],
    from start: Int,
    chapterId: String,
    file: String,
    diagnostics: inout [ContentDiagnostic]
  ) -> [Section] {
    var sections: [Section] = []
    var current: (id: String, title: String, line: Int)?
    var body: [String] = []
    var tries: [String] = []
    var tryLines: [Int] = []
    var inFence = false
    var inTry = false

    func finish() {
      guard let open = current else { return }
      while body.last?.trimmingTrailingSpaces().isEmpty == true { body.removeLast() }
      while body.first?.trimmingTrailingSpaces().isEmpty == true { body.removeFirst() }
      if tries.isEmpty {
        diagnostics.append(
          ContentDiagnostic(
            file: file,
            line: open.line,
            message: "section `\(open.id)` has no ```try block; add one command the learner can run"
          )
        )
      }
      sections.append(
        Section(
          id: open.id,
          title: open.title,
          chapterId: chapterId,
          body: body.joined(separator: "\n"),
          tryCommands: tries,
          line: open.line,
          tryLines: tryLines
        )
      )
    }

    for index in start..<lines.count {
      let line = lines[index]
      let trimmed = line.trimmingTrailingSpaces()
      if trimmed.hasPrefix("```") {
        if inFence {
          inFence = false
          inTry = false
        } else {
          inFence = true
          inTry = trimmed == "```try"
        }
        body.append(line)
        continue
      }
      if inFence {
        if inTry, !trimmed.trimmingLeadingSpaces().isEmpty {
          tries.append(trimmed.trimmingLeadingSpaces())
          tryLines.append(index + 1)
        }
        body.append(line)
        continue
      }
      if trimmed.hasPrefix("## ") {
        finish()
        body = []
        tries = []
        tryLines = []
        let heading = String(trimmed.dropFirst(3))
        guard let open = heading.range(of: "{#", options: .backwards), heading.hasSuffix("}")
        else {
          diagnostics.append(
            ContentDiagnostic(
              file: file,
              line: index + 1,
              column: 4,
              message: "a section heading needs a stable id: `## \(heading) {#section-id}`"
            )
          )
          current = nil
          continue
        }
        let id = String(heading[open.upperBound..<heading.index(before: heading.endIndex)])
        let title = String(heading[..<open.lowerBound]).trimmingTrailingSpaces()
        current = (id, title, index + 1)
        continue
      }
      if current != nil { body.append(line) }
    }
    if inFence {
      diagnostics.append(
        ContentDiagnostic(file: file, line: lines.count, message: "a ``` code block is not closed")
      )
    }
    finish()
    return sections
  }
}

extension StringProtocol {
  func trimmingTrailingSpaces() -> String {
    var text = String(self)
    while let last = text.last, last == " " || last == "\t" || last == "\r" { text.removeLast() }
    return text
  }

  func trimmingLeadingSpaces() -> String {
    String(drop { $0 == " " || $0 == "\t" })
  }
}
