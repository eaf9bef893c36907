import Curriculum
import Foundation

extension ProgressArchive {
  /// The first field of an archive that is out of range: its path and what is wrong.
  struct FieldProblem: Error, Equatable, CustomStringConvertible {
    /// Where the field is, such as `attempts[3].seconds`.
    let path: String
    /// What is wrong with it and what would be right.
    let problem: String

    var description: String { "\(path) \(problem)" }
  }

  /// The earliest time a record may carry: 1970-01-01T00:00:00Z.
  static let earliestDate = Date(timeIntervalSince1970: 0)
  /// The latest time a record may carry: 9999-12-31T23:59:59Z.
  static let latestDate = Date(timeIntervalSince1970: 253_402_300_799)
  /// The most seconds one answer or one reading may count: a day.
  static let maximumSeconds = 86_400.0
  /// The longest stability (in days) a card may have: far beyond FSRS's 100-year cap.
  static let maximumStability = 1_000_000.0
  /// The longest text an id may have.
  static let maximumIdLength = 200
  /// The longest answer text kept.
  static let maximumAnswerLength = 20_000

  /// Checks every field against the range the store and the reports can handle, so that
  /// an archive is merged whole or not at all; throws the first field that is out of range.
  func validate() throws(FieldProblem) {
    guard format == Self.format else {
      throw FieldProblem(path: "format", problem: "is '\(format)', not '\(Self.format)'")
    }
    guard (1...Self.version).contains(version) else {
      throw FieldProblem(
        path: "version",
        problem: Self.version == 1
          ? "is \(version); this Goldilocks reads version 1"
          : "is \(version); this Goldilocks reads versions 1 to \(Self.version)"
      )
    }
    try Self.check(date: exportedAt, at: "exportedAt")
    for (index, read) in reads.enumerated() {
      let at = "reads[\(index)]"
      try Self.check(id: read.sectionId, at: at + ".sectionId")
      try Self.check(id: read.chapterId, at: at + ".chapterId")
      try Self.check(date: read.readAt, at: at + ".readAt")
      try Self.check(seconds: read.seconds, at: at + ".seconds")
    }
    for (index, attempt) in attempts.enumerated() {
      let at = "attempts[\(index)]"
      try Self.check(id: attempt.questionId, at: at + ".questionId")
      try Self.check(id: attempt.topic, at: at + ".topic")
      try Self.check(id: attempt.mode, at: at + ".mode")
      guard attempt.answer.count <= Self.maximumAnswerLength else {
        throw FieldProblem(
          path: at + ".answer",
          problem: "is \(attempt.answer.count) characters long; at most \(Self.maximumAnswerLength)"
        )
      }
      try Self.check(seconds: attempt.seconds, at: at + ".seconds")
      try Self.check(date: attempt.answeredAt, at: at + ".answeredAt")
    }
    for (index, card) in cards.enumerated() {
      let at = "cards[\(index)]"
      try Self.check(id: card.questionId, at: at + ".questionId")
      let states = CardState.allCases.map(\.name)
      guard states.contains(card.state) else {
        throw FieldProblem(
          path: at + ".state",
          problem: "is '\(card.state)'; it must be one of \(states.joined(separator: ", "))"
        )
      }
      if let step = card.step, !(0...100).contains(step) {
        throw FieldProblem(path: at + ".step", problem: "is \(step); it must be 0 to 100")
      }
      if let stability = card.stability {
        try Self.check(
          stability,
          in: ReviewScheduler.minimumStability...Self.maximumStability,
          at: at + ".stability",
          unit: "days"
        )
      }
      if let difficulty = card.difficulty {
        try Self.check(
          difficulty,
          in: ReviewScheduler.difficultyRange,
          at: at + ".difficulty",
          unit: ""
        )
      }
      try Self.check(date: card.due, at: at + ".due")
      if let lastReview = card.lastReview {
        try Self.check(date: lastReview, at: at + ".lastReview")
      }
    }
    for (index, review) in reviews.enumerated() {
      let at = "reviews[\(index)]"
      try Self.check(id: review.questionId, at: at + ".questionId")
      let ratings = Curriculum.Rating.allCases.map { "\($0)" }
      guard ratings.contains(review.rating) else {
        throw FieldProblem(
          path: at + ".rating",
          problem: "is '\(review.rating)'; it must be one of \(ratings.joined(separator: ", "))"
        )
      }
      try Self.check(date: review.reviewedAt, at: at + ".reviewedAt")
      guard (0...Int(Self.maximumSeconds * 1000)).contains(review.durationMs) else {
        throw FieldProblem(
          path: at + ".durationMs",
          problem: "is \(review.durationMs); it must be 0 to \(Int(Self.maximumSeconds * 1000)) ms"
        )
      }
    }
  }

  static func check(date: Date, at path: String) throws(FieldProblem) {
    let seconds = date.timeIntervalSince1970
    guard seconds.isFinite, date >= earliestDate, date <= latestDate else {
      throw FieldProblem(
        path: path,
        problem:
          "is \(NumberFormat.plain(seconds)) seconds since 1970; it must be a time between 1970-01-01 and 9999-12-31"
      )
    }
  }

  static func check(seconds: Double, at path: String) throws(FieldProblem) {
    try check(seconds, in: 0...maximumSeconds, at: path, unit: "seconds")
  }

  static func check(_ value: Double, in range: ClosedRange<Double>, at path: String, unit: String)
    throws(FieldProblem)
  {
    guard value.isFinite, range.contains(value) else {
      let suffix = unit.isEmpty ? "" : " " + unit
      throw FieldProblem(
        path: path,
        problem:
          "is \(NumberFormat.plain(value)); it must be a number from \(NumberFormat.plain(range.lowerBound)) to \(NumberFormat.plain(range.upperBound))\(suffix)"
      )
    }
  }

  static func check(id: String, at path: String) throws(FieldProblem) {
    guard !id.isEmpty, id.count <= maximumIdLength else {
      throw FieldProblem(
        path: path,
        problem: "must be 1 to \(maximumIdLength) characters, not \(id.count)"
      )
    }
    guard !id.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
      throw FieldProblem(path: path, problem: "contains control characters")
    }
  }
}
