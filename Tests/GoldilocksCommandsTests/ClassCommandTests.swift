import Foundation
import GoldilocksCommands
import ProgressStore
import Testing
import _TestSupport

/// The instructor's view of a shared progress file (issue 17) and `progress
/// --all-profiles` as one row per learner (issue 16).
@Suite struct ClassCommandTests {
  /// A progress file with three learners: ann strong in pruning, bob weak, cy idle.
  static func classFile(_ folder: TemporaryDirectory) throws -> String {
    let db = folder.file("class.sqlite")
    let store = try ProgressStore.open(path: db)
    let now = Date()
    for name in ["ann", "bob", "cy"] { try store.createProfile(named: name) }
    let profiles = Dictionary(uniqueKeysWithValues: try store.profiles().map { ($0.name, $0.id!) })
    func answer(_ who: String, _ question: String, _ topic: String, _ correct: Bool) throws {
      try store.recordAttempt(
        QuizAttempt(
          profileId: profiles[who]!,
          questionId: question,
          topic: topic,
          mode: "quiz",
          answer: "A",
          correct: correct,
          seconds: 10,
          answeredAt: now
        )
      )
    }
    try answer("ann", "pruning-001", "pruning", true)
    try answer("ann", "pruning-002", "pruning", true)
    try answer("ann", "quantization-001", "quantization", false)
    try answer("bob", "pruning-001", "pruning", false)
    try answer("bob", "pruning-002", "pruning", false)
    try answer("bob", "pruning-003", "pruning", true)
    try store.recordExam(
      ExamResult(
        profileId: profiles["ann"]!,
        exam: "c02",
        questions: 10,
        correct: 8,
        minutes: 20,
        startedAt: now,
        finishedAt: now,
        detailJSON: "{}"
      )
    )
    return db
  }

  @Test func classShowsOneRowPerLearnerWithAHeatmap() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let db = try Self.classFile(folder)
    let result = runCommand(["class"], db: db)
    #expect(result.status == 0, "\(result.err)")
    // One row each: ann with 2 of 3 right (67%), her 80% c02 exam and a full pruning cell;
    // bob; cy idle, with empty cells; then the heatmap's key.
    expectSnapshot(
      maskingDates(result.out),
      named: "class-overview",
      group: "ClassCommandTests"
    )
  }

  @Test func classCSVAndJSONCarryTheSameRows() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let db = try Self.classFile(folder)
    let csv = runCommand(["class", "--csv", "--sort", "accuracy"], db: db)
    #expect(csv.status == 0, "\(csv.err)")
    let lines = csv.out.split(separator: "\n").map(String.init)
    #expect(lines.count == 4)
    #expect(lines[0].hasPrefix("profile,readiness,sections_read"))
    #expect(lines[0].contains("accuracy_pruning"))
    // Lowest accuracy first: cy (none), bob (1/3), ann (2/3).
    #expect(
      lines.dropFirst().map { $0.split(separator: ",").first.map(String.init) } == [
        "cy", "bob", "ann",
      ]
    )
    let json = runCommand(["class", "--json"], db: db)
    #expect(json.status == 0)
    let array = try #require(
      try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [[String: Any]]
    )
    #expect(array.map { $0["profile"] as? String } == ["ann", "bob", "cy"])
    #expect(array[0]["answered"] as? Int == 3)
    #expect(array[0]["last_exam_score"] as? Double == 0.8)
    #expect(runCommand(["class", "--sort", "age"], db: db).status == 1)
  }

  @Test func classTopicListsStrugglingLearnersAndMostMissedQuestions() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let db = try Self.classFile(folder)
    let result = runCommand(["class", "topic", "pruning", "--json"], db: db)
    #expect(result.status == 0, "\(result.err)")
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any]
    )
    let learners = try #require(object["learners"] as? [[String: Any]])
    #expect(learners.map { $0["profile"] as? String } == ["bob", "ann"])
    #expect(object["not_answered"] as? [String] == ["cy"])
    let missed = try #require(object["most_missed"] as? [[String: Any]])
    #expect(missed.map { $0["question_id"] as? String } == ["pruning-001", "pruning-002"])
    #expect(missed.first?["learners_who_missed"] as? [String] == ["bob"])
    let text = runCommand(["class", "topic", "pruning"], db: db)
    #expect(text.status == 0, "\(text.err)")
    expectSnapshot(
      maskingDates(text.out),
      named: "class-topic-pruning",
      group: "ClassCommandTests"
    )
    let unknown = runCommand(["class", "topic", "astrology"], db: db)
    #expect(unknown.status == 1)
    expectSnapshot(unknown.err, named: "class-topic-unknown", group: "ClassCommandTests")
    let csv = runCommand(["class", "topic", "pruning", "--csv"], db: db)
    #expect(
      csv.out.split(separator: "\n").map(String.init) == [
        "profile,answered,correct,accuracy", "bob,3,1,0.333", "ann,2,2,1.000", "cy,0,0,",
      ],
      "\(csv.out)"
    )
    let both = runCommand(["class", "topic", "pruning", "--csv", "--json"], db: db)
    #expect(both.status == 1)
    #expect(both.err == "error: choose one of --csv and --json\n")
  }

  @Test func progressAllProfilesIsOneRowPerLearnerAndHasCSV() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let db = try Self.classFile(folder)
    let table = runCommand(["progress", "--all-profiles"], db: db)
    #expect(table.status == 0, "\(table.err)")
    // One row per learner (bob's 1/3 among them), not one "Progress of profile" page each.
    expectSnapshot(
      maskingDates(table.out),
      named: "progress-all-profiles",
      group: "ClassCommandTests"
    )
    let csv = runCommand(["progress", "--all-profiles", "--csv"], db: db)
    #expect(csv.out.split(separator: "\n").count == 4)
    let one = runCommand(["progress", "--csv", "--profile", "bob"], db: db)
    #expect(one.out.split(separator: "\n").count == 2)
    #expect(one.out.split(separator: "\n").last?.hasPrefix("bob,") == true)
    #expect(runCommand(["progress", "--csv", "--json"], db: db).status == 1)
  }

  @Test func aPostgresURLWithAPasswordOrADownServerGivesOneLine() throws {
    let withPassword = runCommand(
      ["progress"],
      db: "postgres://teacher:secret@127.0.0.1:1/goldilocks"
    )
    #expect(withPassword.status == 1)
    // Points to PGPASSWORD and does not echo the password.
    expectSnapshot(
      withPassword.err,
      named: "postgres-url-with-password",
      group: "ClassCommandTests"
    )
    let down = runCommand(["class"], db: "postgres://teacher@127.0.0.1:1/goldilocks")
    #expect(down.status == 1)
    #expect(down.err.split(separator: "\n").count == 1)
    #expect(down.err.contains("127.0.0.1:1"), "\(down.err)")
    #expect(!FileManager.default.fileExists(atPath: "postgres:"))
  }
}
