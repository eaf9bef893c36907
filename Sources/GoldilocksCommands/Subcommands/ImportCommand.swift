import ArgumentParser
import Foundation
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
    guard let data = FileManager.default.contents(atPath: file) else {
      throw GoldilocksError.invalidValue("cannot read \(file); check the path")
    }
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .custom { decoder in
      // The store keeps milliseconds; rounding keeps a re-import equal to what is stored.
      let seconds = try decoder.singleValueContainer().decode(Double.self)
      return Date(timeIntervalSince1970: (seconds * 1000).rounded() / 1000)
    }
    let archive: ProgressArchive
    do {
      archive = try decoder.decode(ProgressArchive.self, from: data)
    } catch {
      throw GoldilocksError.invalidValue(
        "\(file) is not a Goldilocks progress export (\(error.localizedDescription)); write one with `export FILE`"
      )
    }
    guard archive.format == ProgressArchive.format, archive.version <= ProgressArchive.version
    else {
      throw GoldilocksError.invalidValue(
        "\(file) is a '\(archive.format)' file of version \(archive.version); this Goldilocks reads '\(ProgressArchive.format)' up to version \(ProgressArchive.version)"
      )
    }
    let store = try context.store()
    let profile = try context.profile(in: store)
    let id = profile.id ?? 0
    let added = try store.mergeStudyRecords(
      profileId: id,
      reads: archive.reads.map {
        SectionRead(
          profileId: id,
          sectionId: $0.sectionId,
          chapterId: $0.chapterId,
          readAt: $0.readAt,
          seconds: $0.seconds
        )
      },
      attempts: archive.attempts.map {
        QuizAttempt(
          profileId: id,
          questionId: $0.questionId,
          topic: $0.topic,
          mode: $0.mode,
          answer: $0.answer,
          correct: $0.correct,
          seconds: $0.seconds,
          answeredAt: $0.answeredAt
        )
      },
      cards: archive.cards.map {
        ReviewCard(
          profileId: id,
          questionId: $0.questionId,
          state: $0.state,
          step: $0.step,
          stability: $0.stability,
          difficulty: $0.difficulty,
          due: $0.due,
          lastReview: $0.lastReview
        )
      },
      reviews: archive.reviews.map {
        ReviewLogRecord(
          profileId: id,
          questionId: $0.questionId,
          rating: $0.rating,
          reviewedAt: $0.reviewedAt,
          durationMs: $0.durationMs
        )
      }
    )
    context.output.line(
      "Imported \(file) into profile '\(profile.name)': \(Plural.count(added, "new record"))."
    )
  }
}
