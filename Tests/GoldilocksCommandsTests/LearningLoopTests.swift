import Foundation
import GoldilocksCommands
import ProgressStore
import Testing
import _TestSupport

@Suite struct LearningLoopTests {
  @Test func quizGradesAnswersAndCommitsEachOneWithItsCard() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let db = folder.file("p.sqlite")
    let result = runCommand(
      ["quiz", "--topic", "pruning", "--count", "3", "--seed", "7"],
      db: db,
      input: ["hint", "zzz-not-an-answer", "skip", "skip", "skip"]
    )
    #expect(result.status == 0, "\(result.err)")
    // A hint, the not-an-answer asked again, three skips, then the score.
    expectSnapshot(result.out, named: "quiz-hint-bad-answer-skips", group: "LearningLoopTests")
    let store = try ProgressStore.open(path: db)
    let profile = try store.profile(named: "default")
    let attempts = try store.attempts(profileId: try #require(profile.id))
    #expect(attempts.count == 3)
    #expect(attempts.allSatisfy { $0.topic == "pruning" && $0.mode == "quiz" })
    #expect(attempts.allSatisfy { $0.answer == "(skipped)" && !$0.correct })
    let cards = try store.cards(profileId: try #require(profile.id))
    #expect(cards.count == 3)
  }

  @Test func theSameSeedDrawsTheSameQuestions() {
    let first = runCommand(["quiz", "--all", "--count", "3", "--seed", "11"], input: [])
    let second = runCommand(["quiz", "--all", "--count", "3", "--seed", "11"], input: [])
    let header = { (text: String) in
      text.split(separator: "\n").first { $0.hasPrefix("Question 1") }
    }
    #expect(header(first.out) != nil)
    #expect(header(first.out) == header(second.out))
  }

  @Test func reviewCramDoesNotChangeTheSchedule() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let db = folder.file("p.sqlite")
    // A fixed clock: both cards fall due at the same time (cramming then asks them in the
    // store's order of question ids) and "next due in 1 min" cannot drift.
    let clock = FixedClock()
    _ = runCommand(
      ["quiz", "--topic", "glossary", "--count", "2", "--seed", "1"],
      db: db,
      input: ["A", "A"],
      clock: clock
    )
    let store = try ProgressStore.open(path: db)
    let id = try #require(try store.profile(named: "default").id)
    let before = try store.cards(profileId: id)
    #expect(before.count == 2)
    let cram = runCommand(["review", "--cram"], db: db, input: ["B", "B"], clock: clock)
    #expect(cram.status == 0)
    expectSnapshot(cram.out, named: "review-cram", group: "LearningLoopTests")
    #expect(try store.cards(profileId: id) == before)
    #expect(try store.attempts(profileId: id).filter { $0.mode == "cram" }.count == 2)
  }

  @Test func reviewReportsDueCountsAsJSON() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let db = folder.file("p.sqlite")
    _ = runCommand(
      ["quiz", "--topic", "glossary", "--count", "1", "--seed", "1"],
      db: db,
      input: ["A"]
    )
    let result = runCommand(["review", "--json"], db: db)
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any]
    )
    #expect(object["cards"] as? Int == 1)
    #expect(object["due"] as? Int == 0)
    #expect(object["next_due"] is String)
  }

  @Test func examScoresAtTheEndByDomainAndKeepsHistory() throws {
    // Fixture content: the shipped banks cannot fill every domain yet.
    let fixture = try StudyFixture()
    defer { fixture.remove() }
    let result = fixture.run(
      ["exam", "--questions", "8", "--seed", "5", "--json"],
      input: ["A", "B", "C", "A", "A", "B", "C", "A"]
    )
    #expect(result.status == 0, "\(result.err)")
    // With --json the questions go to stderr: stdout holds only the JSON document.
    let summary = try #require(
      try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any]
    )
    #expect(summary["questions"] as? Int == 8)
    let domains = try #require(summary["domains"] as? [[String: Any]])
    #expect(domains.count == 4)
    #expect(domains.reduce(0) { $0 + ($1["total"] as? Int ?? 0) } == 8)
    // The paper on stderr: eight questions and no "✓ Right" until the end.
    expectSnapshot(result.err, named: "exam-paper-seed-5", group: "LearningLoopTests")
    let history = fixture.run(["exam", "--history"])
    expectSnapshot(history.out, named: "exam-history", group: "LearningLoopTests")
  }

  @Test func progressShowsMasteryAndReadiness() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let db = folder.file("p.sqlite")
    let clock = FixedClock()
    _ = runCommand(
      ["quiz", "--topic", "pruning", "--count", "2", "--seed", "1"],
      db: db,
      input: ["A", "A"],
      clock: clock
    )
    let text = runCommand(["progress"], db: db, clock: clock)
    #expect(text.status == 0, "\(text.err)")
    // Mastery by topic (pruning only) and the exam readiness estimate.
    expectSnapshot(text.out, named: "progress-after-two-answers", group: "LearningLoopTests")
    let json = runCommand(["progress", "--json"], db: db)
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any]
    )
    let mastery = try #require(object["mastery"] as? [[String: Any]])
    #expect(mastery.map { $0["topic"] as? String } == ["pruning"])
    #expect(object["readiness"] is Double)
  }

  @Test func resetNeedsConfirmationAndForgetsOnlyItsTopic() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let db = folder.file("p.sqlite")
    _ = runCommand(
      ["quiz", "--topic", "pruning", "--count", "2", "--seed", "1"],
      db: db,
      input: ["A", "A"]
    )
    _ = runCommand(
      ["quiz", "--topic", "glossary", "--count", "1", "--seed", "1"],
      db: db,
      input: ["A"]
    )
    let refused = runCommand(["reset", "--topic", "pruning"], db: db)
    #expect(refused.status == 1)
    expectSnapshot(refused.err, named: "reset-without-yes", group: "LearningLoopTests")
    let done = runCommand(["reset", "--topic", "pruning", "--yes"], db: db)
    #expect(done.status == 0)
    let store = try ProgressStore.open(path: db)
    let id = try #require(try store.profile(named: "default").id)
    #expect(try store.attempts(profileId: id).map(\.topic) == ["glossary"])
    #expect(try store.cards(profileId: id).count == 1)
  }

  @Test func exportThenImportMergesWithoutDuplicates() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let db = folder.file("p.sqlite")
    _ = runCommand(["read", "prune-magnitude"], db: db)
    _ = runCommand(
      ["quiz", "--topic", "pruning", "--count", "2"],
      db: db,
      input: ["skip", "skip"]
    )
    let file = folder.file("progress.json")
    #expect(runCommand(["export", file], db: db).status == 0)
    #expect(runCommand(["export", file], db: db).status == 1)
    let other = folder.file("other.sqlite")
    let first = runCommand(["import", file], db: other)
    let second = runCommand(["import", file], db: other)
    // 7 new records the first time, 0 the second.
    expectSnapshot(
      maskingTemporaryFolder(
        transcript(["import", file], first) + transcript(["import", file], second),
        folder.path
      ),
      named: "import-twice",
      group: "LearningLoopTests"
    )
    let bad = folder.file("bad.json")
    try Data("{\"format\": \"x\"}".utf8).write(to: URL(fileURLWithPath: bad))
    let refused = runCommand(["import", bad], db: other)
    #expect(refused.status == 1)
    #expect(refused.err.hasPrefix("error: "))
  }

  @Test func ankiExportIsATabSeparatedNotesFileWithStableGuids() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let file = folder.file("deck.txt")
    let result = runCommand(["export", file, "--what", "anki", "--topic", "pruning"])
    #expect(result.status == 0)
    let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n")
    #expect(lines.contains("#guid column:1"))
    let notes = lines.filter { !$0.hasPrefix("#") }
    #expect(notes.count >= 10)
    #expect(
      notes.allSatisfy { $0.split(separator: "\t", omittingEmptySubsequences: false).count == 4 }
    )
    #expect(notes.allSatisfy { $0.hasPrefix("goldilocks-pruning-") })
  }

  @Test func drillAnswersAreComputedByTheEngine() {
    let result = runCommand(
      ["drill", "--kind", "conv-params", "--count", "1", "--seed", "1"],
      input: ["0"]
    )
    #expect(result.status == 0)
    // A conv2d parameter count computed by the engine, and 0 marked not right.
    expectSnapshot(result.out, named: "drill-conv-params", group: "LearningLoopTests")
  }

  @Test func demosPlayWithoutPausingWhenAuto() {
    let result = runCommand(["demo", "model-size-basics", "--auto", "0"])
    #expect(result.status == 0)
    expectSnapshot(result.out, named: "demo-model-size-basics", group: "LearningLoopTests")
  }

  @Test func progressOfQuestionsRemovedFromTheContentIsKeptNotLost() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let db = folder.file("p.sqlite")
    let store = try ProgressStore.open(path: db)
    let id = try #require(try store.profile(named: "default").id)
    let past = Date().addingTimeInterval(-86_400)
    try store.recordAnswer(
      QuizAttempt(
        profileId: id,
        questionId: "retired-question-1",
        topic: "pruning",
        mode: "quiz",
        answer: "A",
        correct: true,
        seconds: 3,
        answeredAt: past
      ),
      card: ReviewCard(
        profileId: id,
        questionId: "retired-question-1",
        state: "review",
        step: nil,
        stability: 3,
        difficulty: 5,
        due: past,
        lastReview: past
      ),
      rating: nil
    )
    let review = runCommand(["review"], db: db, input: [])
    #expect(review.status == 0)
    let progress = runCommand(["progress", "--json"], db: db)
    #expect(progress.status == 0)
    #expect(try store.cards(profileId: id).map(\.questionId) == ["retired-question-1"])
    #expect(try store.attempts(profileId: id).count == 1)
  }
}
