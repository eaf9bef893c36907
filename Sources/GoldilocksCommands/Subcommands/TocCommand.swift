import ArgumentParser

/// `toc`: chapters and sections, with read/unread marks.
struct TocCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "toc",
    abstract: "Chapters and sections, with read/unread marks."
  )

  @OptionGroup var global: GlobalOptions

  mutating func run() throws {
    try notAvailableYet("toc")
  }
}
