import Foundation
import ProgressStore

extension ProgressArchive {
  /// The archive in `data`, read from `file` by `import`: decoded (dates rounded to the
  /// millisecond the store keeps, so a re-import equals what is stored) and validated.
  ///
  /// Throws one learner-facing error naming the first field that is wrong; nothing is
  /// imported then.
  static func read(_ data: Data, from file: String) throws -> ProgressArchive {
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .custom { decoder in
      let seconds = try decoder.singleValueContainer().decode(Double.self)
      return Date(timeIntervalSince1970: (seconds * 1000).rounded() / 1000)
    }
    let archive: ProgressArchive
    do {
      archive = try decoder.decode(ProgressArchive.self, from: data)
    } catch {
      throw GoldilocksError.invalidValue(
        "\(file) is not a Goldilocks progress export (\(describe(error))); nothing was imported: write one with `export FILE`"
      )
    }
    do {
      try archive.validate()
    } catch {
      throw GoldilocksError.invalidValue(
        "\(file) cannot be imported: \(error); nothing was imported"
      )
    }
    return archive
  }

  /// The archive's records as the store keeps them, for the profile `profileId`.
  func records(profileId: Int64) -> (
    reads: [SectionRead], attempts: [QuizAttempt], cards: [ReviewCard], reviews: [ReviewLogRecord]
  ) {
    (
      reads.map {
        SectionRead(
          profileId: profileId,
          sectionId: $0.sectionId,
          chapterId: $0.chapterId,
          readAt: $0.readAt,
          seconds: $0.seconds
        )
      },
      attempts.map {
        QuizAttempt(
          profileId: profileId,
          questionId: $0.questionId,
          topic: $0.topic,
          mode: $0.mode,
          answer: $0.answer,
          correct: $0.correct,
          seconds: $0.seconds,
          answeredAt: $0.answeredAt
        )
      },
      cards.map {
        ReviewCard(
          profileId: profileId,
          questionId: $0.questionId,
          state: $0.state,
          step: $0.step,
          stability: $0.stability,
          difficulty: $0.difficulty,
          due: $0.due,
          lastReview: $0.lastReview
        )
      },
      reviews.map {
        ReviewLogRecord(
          profileId: profileId,
          questionId: $0.questionId,
          rating: $0.rating,
          reviewedAt: $0.reviewedAt,
          durationMs: $0.durationMs
        )
      }
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
      return "\(path(context.codingPath)) should be \(typeName(type))"
    case .valueNotFound(let type, let context):
      return "\(path(context.codingPath)) should be \(typeName(type)), not null"
    case .keyNotFound(let key, let context):
      return "\(path(context.codingPath + [key])) is missing"
    case .dataCorrupted(let context):
      return context.codingPath.isEmpty
        ? "it is not valid JSON" : "\(path(context.codingPath)) is not a valid value"
    @unknown default:
      return "it is not valid JSON"
    }
  }

  /// How a learner would name the JSON type a field should have.
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
