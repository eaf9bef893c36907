import Terminal

extension ClassRoster {
  /// `class` as a table: one row per learner with readiness, sections read, answers, share
  /// right, the topic heatmap, the last exam and the last day active.
  func table(_ learners: [Learner]) -> TextTable {
    TextTable(
      header: ["Learner", "Ready", "Read", "Answered", "Right", "Topics", "Last exam", "Active"],
      rows: learners.map { learner in
        [
          learner.profile,
          Self.percent(learner.readiness),
          learner.sectionsTotal.map { "\(learner.sectionsRead)/\($0)" }
            ?? "\(learner.sectionsRead)",
          "\(learner.answered)",
          Self.percent(learner.accuracy),
          Self.heatmap(learner.topics),
          learner.lastExamScore.map { Self.percent($0) + " " + (learner.lastExam ?? "") } ?? "-",
          Self.day(learner.lastActive),
        ]
      },
      alignments: [.left, .right, .right, .right, .right, .left, .left, .left]
    )
  }

  /// The sentences under the table: which topic each heatmap cell is, and what its shades
  /// mean.
  var legend: [String] {
    let numbered = topics.enumerated().map { "\($0.offset + 1) \($0.element)" }
    return [
      "Topics, in heatmap order: " + numbered.joined(separator: ", ") + ".",
      "Heatmap: · never answered, ░ <25 %, ▒ <50 %, ▓ <75 %, █ ≥75 % right.",
    ]
  }
}
