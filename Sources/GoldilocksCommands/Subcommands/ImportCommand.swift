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
    let data = try SafeFileReader.read(file, limit: 256 << 20, what: "progress export")
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
        "\(file) is not a Goldilocks progress export (\(Self.describe(error))); nothing was imported: write one with `export FILE`"
      )
    }
    do {
      try archive.validate()
    } catch {
      throw GoldilocksError.invalidValue(
        "\(file) cannot be imported: \(error); nothing was imported"
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

  /// A decoding error as the field path and what was expected, in one line.
  static func describe(_ error: any Error) -> String {
    func path(_ keys: [any CodingKey]) -> String {
      var text = ""
      for key in keys {
        if let index = key.intValue {
          text += "[\(index)]"
        } else {
          text += (text.isEmpty ? "" : ".") + key.stringValue
        }
      }
      return text.isEmpty ? "the document" : text
    }
    guard let error = error as? DecodingError else { return "it is not valid JSON" }
    switch error {
    case .typeMismatch(let type, let context):
      return "\(path(context.codingPath)) should be \(Self.typeName(type))"
    case .valueNotFound(let type, let context):
      return "\(path(context.codingPath)) should be \(Self.typeName(type)), not null"
    case .keyNotFound(let key, let context):
      return "\(path(context.codingPath + [key])) is missing"
    case .dataCorrupted(let context):
      return context.codingPath.isEmpty
        ? "it is not valid JSON" : "\(path(context.codingPath)) is not a valid value"
    @unknown default:
      return "it is not valid JSON"
    }
  }

  static func typeName(_ type: Any.Type) -> String {
    switch type {
    case is String.Type: return "a string"
    case is Bool.Type: return "true or false"
    case is Int.Type: return "a whole number"
    case is Double.Type, is Date.Type: return "a number"
    default: return "an object or a list"
    }
  }
}
