import ArgumentParser
import ProgressStore
import Terminal

/// `import FILE`: merges progress written by `export` into the current profile.
struct ImportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "import",
    abstract: "Merge progress from a JSON file written by `export`.",
    discussion:
      "Records already present (same content id and time) are skipped, so importing twice adds nothing."
  )

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The file to read.") var file: String

  mutating func run() throws {
    let context = CommandContext(global)
    let data = try SafeFileReader.read(file, limit: 256 << 20, what: "progress export")
    let archive = try ProgressArchive.read(data, from: file)
    let store = try context.store()
    let profile = try context.profile(in: store)
    let records = archive.records(profileId: profile.id ?? 0)
    let added = try store.mergeStudyRecords(
      profileId: profile.id ?? 0,
      reads: records.reads,
      attempts: records.attempts,
      cards: records.cards,
      reviews: records.reviews
    )
    context.output.line(
      "Imported \(file) into profile '\(profile.name)': \(Plural.count(added, "new record"))."
    )
  }
}
