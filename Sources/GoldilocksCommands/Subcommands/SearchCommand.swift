import ArgumentParser
import Curriculum
import Terminal

/// `search WORDS`: sections that mention every word.
struct SearchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "search",
    abstract: "Find sections that mention all of the words."
  )

  @OptionGroup var global: GlobalOptions
  @Argument(help: "Words to look for.") var words: [String]

  mutating func run() throws {
    let context = CommandContext(global)
    let library = try context.session.library()
    let results = library.search(words)
    if context.json {
      struct Hit: Encodable {
        let section: String
        let title: String
        let chapter: String
        let hits: Int
      }
      try context.printJSON(
        results.map {
          Hit(
            section: $0.section.id,
            title: $0.section.title,
            chapter: $0.section.chapterId,
            hits: $0.hits
          )
        }
      )
      return
    }
    guard !results.isEmpty else {
      context.say("No section mentions all of: \(words.joined(separator: " ")).")
      return
    }
    for result in results.prefix(15) {
      let chapter = library.chapter(of: result.section)?.title ?? result.section.chapterId
      context.output.line(
        "  \(context.color.apply(.bold, to: result.section.id))  \(result.section.title)"
          + context.color.apply(.dim, to: "  (\(chapter))")
      )
    }
    context.say("`read ID` opens one.")
  }
}
