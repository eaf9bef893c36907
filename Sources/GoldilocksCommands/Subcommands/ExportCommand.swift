import ArgumentParser
import Curriculum
import Foundation
import ProgressStore
import Terminal

/// `export FILE`: this profile's progress as JSON, or the question banks for Anki.
struct ExportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract: "Write this profile's progress to a JSON file, or the question banks for Anki.",
    discussion: """
      --what progress (default) writes JSON that `import` merges back, keyed by
      stable ids. --what anki writes a tab-separated notes file for Anki's File >
      Import: one note per question, the question id as its GUID (so importing
      again updates instead of duplicating), and the topic and exam tags as Anki
      tags. A text file was chosen over .apkg because Anki imports it in every
      version without a schema of its own to track. An existing file is never
      overwritten.
      """
  )

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The file to write.") var file: String
  @Option(help: "What to export.") var what: ExportKind = .progress
  @Option(help: "For anki: only this topic.") var topic: String?

  func validate() throws {
    if topic != nil && what != .anki {
      throw GoldilocksError.invalidValue(
        "--topic chooses the questions of --what anki; a progress export holds every topic: drop --topic"
      )
    }
  }

  mutating func run() throws {
    let context = CommandContext(global)
    switch what {
    case .progress:
      let store = try context.store()
      let profile = try context.profile(in: store)
      let archive = ProgressArchive(
        profile: profile.name,
        exportedAt: context.now,
        records: try store.studyRecords(profileId: profile.id ?? 0)
      )
      do {
        try archive.validate()
      } catch {
        throw GoldilocksError.invalidValue(
          "the progress of profile '\(profile.name)' holds a value an export cannot carry (\(error)), left by an earlier version's import; nothing was written: `reset --all` forgets it"
        )
      }
      try SafeFileWriter.write(try archive.encoded(), to: file)
      context.output.line(
        "Wrote \(file): \(Plural.count(archive.reads.count, "read")), \(Plural.count(archive.attempts.count, "answer")), \(Plural.count(archive.cards.count, "card")), \(Plural.count(archive.reviews.count, "review")) of profile '\(profile.name)'."
      )
    case .anki:
      let library = try context.session.library()
      let questions = library.questions.filter { topic == nil || $0.topic == topic }
      try SafeFileWriter.write(Data(AnkiNotes.tsv(questions).utf8), to: file)
      context.output.line("Wrote \(file): \(questions.count) notes for Anki (File > Import).")
    }
  }
}

/// Questions as an Anki text import: header lines, then GUID, front, back, tags.
enum AnkiNotes {
  static func tsv(_ questions: [Question]) -> String {
    var lines = [
      "#separator:tab", "#html:true", "#notetype:Basic", "#deck:Goldilocks", "#guid column:1",
      "#tags column:4",
    ]
    for question in questions {
      var front = html(question.scenario.map { $0 + "\n\n" } ?? "") + html(question.prompt)
      switch question.kind {
      case .single(let choices, _), .multiple(let choices, _), .ordering(let choices, _):
        front +=
          "<br>"
          + choices.enumerated().map { "\(QuestionKind.letter($0.offset)). \(html($0.element))" }
          .joined(separator: "<br>")
      case .matching(let left, let right, _):
        front +=
          "<br>"
          + left.enumerated().map { "\($0.offset + 1). \(html($0.element))" }.joined(
            separator: "<br>"
          )
        front +=
          "<br>—<br>"
          + right.enumerated().map { "\(QuestionKind.letter($0.offset)). \(html($0.element))" }
          .joined(separator: "<br>")
      case .numeric, .short:
        break
      }
      let back = "<b>\(html(question.answerText))</b><br><br>" + html(question.explanation)
      var tags = ["goldilocks", "topic::\(question.topic)"]
      for exam in Exam.allCases {
        if let tag = question.exams[exam] {
          tags.append("\(exam.rawValue)::\(tag.inScope ? "in" : "out")")
        }
      }
      lines.append(
        ["goldilocks-" + question.id, front, back, tags.joined(separator: " ")].joined(
          separator: "\t"
        )
      )
    }
    return lines.joined(separator: "\n") + "\n"
  }

  static func html(_ text: String) -> String {
    text.trimmingCharacters(in: .whitespacesAndNewlines)
      .replacingOccurrences(of: "&", with: "&amp;")
      .replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: ">", with: "&gt;")
      .replacingOccurrences(of: "\t", with: " ")
      .replacingOccurrences(of: "\n", with: "<br>")
  }
}
