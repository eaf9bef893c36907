import Curriculum
import Foundation
import Terminal

/// What `toc` shows: every chapter and section of the course, each section marked read or
/// not, and the chapters out of scope for one exam marked.
struct TableOfContents {
  let library: ContentLibrary
  /// The ids of the sections the learner has read.
  let read: Set<String>
  /// The exam whose scope is marked.
  let exam: Exam

  /// One chapter in `toc --json`.
  struct Entry: Encodable {
    let id: String
    let title: String
    let minutes: Int
    let inScope: Bool
    let sections: [SectionEntry]
    enum CodingKeys: String, CodingKey {
      case id, title, minutes, sections
      case inScope = "in_scope"
    }
  }

  /// One section in `toc --json`.
  struct SectionEntry: Encodable {
    let id: String
    let title: String
    let read: Bool
  }

  /// The chapters as `toc --json` prints them.
  var entries: [Entry] {
    library.chapters.map { chapter in
      Entry(
        id: chapter.id,
        title: chapter.title,
        minutes: chapter.minutes,
        inScope: chapter.exams[exam]?.inScope ?? true,
        sections: chapter.sections.map {
          SectionEntry(id: $0.id, title: $0.title, read: read.contains($0.id))
        }
      )
    }
  }

  /// The contents as text: a heading with the count read, then numbered chapters with their
  /// reading time and sections (✓ read, · not yet).
  func lines(color: ColorMode) -> [String] {
    let total = library.sections.count
    let done = library.sections.filter { read.contains($0.id) }.count
    var lines = [
      color.apply(.bold, to: "Contents")
        + "  (\(done) of \(total) sections read; marks for \(exam.code))"
    ]
    for (number, chapter) in library.chapters.enumerated() {
      var line = "\(String(format: "%2d", number + 1)). \(color.apply(.bold, to: chapter.title))"
      line += color.apply(.dim, to: "  \(chapter.minutes) min")
      if chapter.exams[exam]?.inScope == false {
        line += color.apply(.yellow, to: "  (out of scope for \(exam.code))")
      }
      lines.append(line)
      for section in chapter.sections {
        let mark = read.contains(section.id) ? color.apply(.green, to: "✓") : "·"
        lines.append("      \(mark) \(section.title)  " + color.apply(.dim, to: section.id))
      }
    }
    return lines
  }
}
