import Foundation
import ProgressStore
import Terminal
import Testing
import _TestSupport

@testable import GoldilocksCommands

@Suite struct StudyPathTests {
  private func json(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  private func store(_ fixture: StudyFixture) throws -> (ProgressStore, Int64) {
    let store = try ProgressStore.open(path: fixture.db)
    return (store, try #require(try store.profile(named: "default").id))
  }

  private func greeting(_ fixture: StudyFixture, clock: FixedClock = FixedClock()) -> String {
    let output = BufferedOutput()
    let reader = ScriptedLineReader([])
    let session = Session(
      output: output,
      environment: [
        "NO_COLOR": "1", "HOME": NSTemporaryDirectory(), "GOLDILOCKS_DB": fixture.db,
        "GOLDILOCKS_CONTENT": fixture.root, "COLUMNS": "100",
      ],
      lineReader: reader,
      isInteractive: false,
      isREPL: true,
      stdoutIsTerminal: false
    )
    session.clock = clock
    REPL.run(reader: reader, session: session, greeting: true)
    return output.standardOutput
  }

  @Test func aNewProfileInTheREPLIsToldWhatToDoNext() throws {
    let fixture = try StudyFixture()
    defer { fixture.remove() }
    expectSnapshot(greeting(fixture), named: "greeting-new-profile", group: "StudyPathTests")
  }

  @Test func aReturningLearnerSeesDueReviewsAndWhatTheyReadLast() throws {
    let fixture = try StudyFixture()
    defer { fixture.remove() }
    let clock = FixedClock()
    _ = fixture.run(["read", "a-one"], clock: clock)
    _ = fixture.run(["quiz", "--count", "1"], input: ["B"], clock: clock)
    clock.advance(by: 3600)
    expectSnapshot(
      greeting(fixture, clock: clock),
      named: "greeting-returning-learner",
      group: "StudyPathTests"
    )
  }

  @Test func progressShowsTheStudyPathAndItsJSON() throws {
    let fixture = try StudyFixture()
    defer { fixture.remove() }
    let clock = FixedClock()
    _ = fixture.run(["read", "a-one"], clock: clock)
    let text = fixture.run(["progress"], clock: clock)
    #expect(text.status == 0, "\(text.err)")
    expectSnapshot(text.out, named: "progress-after-reading", group: "StudyPathTests")
    let object = try json(fixture.run(["progress", "--json"], clock: clock).out)
    let path = try #require(object["study_path"] as? [String: Any])
    #expect(path["next_step"] as? String == "study")
    #expect(path["due_reviews"] as? Int == 0)
    #expect(path["last_read"] as? String == "a-one")
  }

  @Test func progressSaysOneAnswerNotOneAnswers() throws {
    let fixture = try StudyFixture()
    defer { fixture.remove() }
    _ = fixture.run(["quiz", "--topic", "alpha", "--count", "1"], input: ["A"])
    // The snapshot has "(1 answer)", not "(1 answers)".
    expectSnapshot(
      fixture.run(["progress"]).out,
      named: "progress-after-one-answer",
      group: "StudyPathTests"
    )
  }

  @Test func studyReadsTriesAsksThenGoesOnAndResumesWhereItStopped() throws {
    let fixture = try StudyFixture()
    defer { fixture.remove() }
    let clock = FixedClock()
    // Section 1: Enter runs its try line, three answers, Enter reads on; section 2: skip its
    // try line, one answer, then quit in the middle of its questions.
    let first = fixture.run(
      ["study"],
      input: ["", "A", "B", "A", "", "skip", "A", "quit"],
      clock: clock
    )
    #expect(first.status == 0, "\(first.err)")
    expectSnapshot(first.out, named: "study-first-run", group: "StudyPathTests")
    let (store, id) = try store(fixture)
    #expect(try store.readSectionIds(profileId: id) == ["a-one", "a-two"])
    let attempts = try store.attempts(profileId: id)
    #expect(attempts.count == 4)
    #expect(attempts.allSatisfy { $0.mode == "study" && $0.answeredAt == clock.now })
    #expect(try store.cards(profileId: id).count == 4)
    // The next run resumes in section 2 with its four unanswered questions, then reads on.
    let second = fixture.run(
      ["study", "--sections", "1"],
      input: ["A", "A", "5", "prune"],
      clock: clock
    )
    #expect(second.status == 0, "\(second.err)")
    // Resumed at the questions: the snapshot does not show section 2's text again.
    expectSnapshot(second.out, named: "study-resumed-run", group: "StudyPathTests")
    #expect(try store.attempts(profileId: id).count == 8)
    let third = fixture.run(
      ["study"],
      input: ["skip", "A", "A", "A", "A", "A", ""],
      clock: clock
    )
    #expect(third.status == 0, "\(third.err)")
    expectSnapshot(third.out, named: "study-last-run", group: "StudyPathTests")
  }

  @Test func aWeakTopicAlreadyReadIsQuizzedBeforeTheNextSection() throws {
    let fixture = try StudyFixture()
    defer { fixture.remove() }
    let clock = FixedClock()
    _ = fixture.run(["read", "a-one"], clock: clock)
    _ = fixture.run(["quiz", "--count", "3"], input: ["B", "B", "B"], clock: clock)
    let object = try json(fixture.run(["progress", "--json"], clock: clock).out)
    let path = try #require(object["study_path"] as? [String: Any])
    #expect(path["next_step"] as? String == "quiz --topic alpha")
    #expect((path["reason"] as? String)?.contains("weakest topic is alpha (mastery 0 %)") == true)
  }

  @Test func theWholePathWalkedRightRecommendsAMockExam() throws {
    let fixture = try StudyFixture()
    defer { fixture.remove() }
    let script =
      ["skip", "A", "A", "A", ""] + ["skip", "A", "A", "A", "5", "prune", ""]
      + ["skip", "A", "A", "A", "A", "A", ""]
    let result = fixture.run(["study"], input: script)
    #expect(result.status == 0, "\(result.err)")
    expectSnapshot(result.out, named: "study-whole-path-right", group: "StudyPathTests")
  }

  @Test func anExamInsideTheREPLEndsAndTheNextLineStillRuns() throws {
    let fixture = try StudyFixture()
    defer { fixture.remove() }
    let output = BufferedOutput()
    let reader = ScriptedLineReader(
      ["exam --questions 4 --seed 1 --json", "A", "A", "A", "A", "submit", "exam --history --json"]
    )
    let session = Session(
      output: output,
      environment: [
        "NO_COLOR": "1", "HOME": NSTemporaryDirectory(), "GOLDILOCKS_DB": fixture.db,
        "GOLDILOCKS_CONTENT": fixture.root,
      ],
      lineReader: reader,
      isInteractive: false,
      isREPL: true,
      stdoutIsTerminal: false
    )
    session.clock = FixedClock()
    REPL.run(reader: reader, session: session)
    // The exam's JSON (all 4 right, scaled 1000), then the history's with that exam.
    expectSnapshot(output.standardOutput, named: "exam-in-the-repl", group: "StudyPathTests")
  }

  @Test func nextAfterTheLastSectionNamesTheNextStep() throws {
    let fixture = try StudyFixture()
    defer { fixture.remove() }
    _ = fixture.run(["read", "b-one"])
    let result = fixture.run(["next"])
    #expect(result.status == 0)
    expectSnapshot(result.out, named: "next-after-last-section", group: "StudyPathTests")
  }

  @Test func studyRefusesANonPositiveSectionCount() throws {
    let fixture = try StudyFixture()
    defer { fixture.remove() }
    let result = fixture.run(["study", "--sections", "0"])
    #expect(result.status == 1)
    #expect(result.err == "error: --sections must be at least 1; got 0\n")
  }

  @Test(arguments: [Double.infinity, -Double.infinity, .nan, 1e308, -5])
  func durationsOfCorruptRecordsNeverTrap(seconds: Double) {
    #expect(!ProgressCommand.duration(seconds).isEmpty)
  }

  @Test func studyStopsCleanlyWhenPipedInputEnds() throws {
    let fixture = try StudyFixture()
    defer { fixture.remove() }
    let result = fixture.run(["study"], input: [])
    #expect(result.status == 0)
    expectSnapshot(result.out, named: "study-input-ends", group: "StudyPathTests")
    let (store, id) = try store(fixture)
    #expect(try store.readSectionIds(profileId: id) == ["a-one"])
  }

  @Test func quizAsksAboutReadSectionsUnlessAllIsGiven() throws {
    let fixture = try StudyFixture()
    defer { fixture.remove() }
    let none = fixture.run(["quiz"])
    #expect(none.status == 0)
    expectSnapshot(none.out, named: "quiz-nothing-read", group: "StudyPathTests")
    _ = fixture.run(["read", "b-one"])
    // Piped input ends at once: each output is the first question of 5 (read) or 13 (all).
    let read = fixture.run(["quiz", "--count", "50", "--seed", "1"], input: [])
    expectSnapshot(read.out, named: "quiz-read-sections", group: "StudyPathTests")
    let everything = fixture.run(["quiz", "--all", "--count", "50", "--seed", "1"], input: [])
    expectSnapshot(everything.out, named: "quiz-all-sections", group: "StudyPathTests")
  }

  @Test func quizTopicsFollowTheBookThenWeakestFirstAmongReadOnes() throws {
    let fixture = try StudyFixture()
    defer { fixture.remove() }
    let clock = FixedClock()
    _ = fixture.run(["read", "a-one"], clock: clock)
    _ = fixture.run(["read", "b-one"], clock: clock)
    // Nothing answered: ties go in the order of the book, so alpha (chapter 1) comes first.
    let fresh = fixture.run(["quiz", "--count", "1", "--seed", "1"], input: ["A"], clock: clock)
    expectSnapshot(fresh.out, named: "quiz-topic-in-book-order", group: "StudyPathTests")
    // alpha now has a right answer, beta none: beta is weaker and comes first.
    let next = fixture.run(["quiz", "--count", "1", "--seed", "1"], input: ["A"], clock: clock)
    expectSnapshot(next.out, named: "quiz-weakest-topic-first", group: "StudyPathTests")
  }

  @Test func reviewShowsEachRatingsIntervalAndLimitsNewCardsPerDay() throws {
    let fixture = try StudyFixture()
    defer { fixture.remove() }
    let clock = FixedClock()
    _ = fixture.run(["read", "a-one"], clock: clock)
    let result = fixture.run(["review", "--new", "2"], input: ["A", "B"], clock: clock)
    #expect(result.status == 0, "\(result.err)")
    expectSnapshot(
      maskingFuzzedDays(result.out),
      named: "review-two-new-cards",
      group: "StudyPathTests"
    )
    let (store, id) = try store(fixture)
    let good = try #require(try store.card(profileId: id, questionId: "q-d1-1"))
    #expect(good.due == clock.now.addingTimeInterval(600))
    // Today's limit of 2 new cards is used: one unseen question is left for tomorrow.
    let status = try json(fixture.run(["review", "--json", "--new", "2"], clock: clock).out)
    #expect(status["new_today"] as? Int == 2)
    #expect(status["new_available"] as? Int == 0)
    let defaultLimit = try json(fixture.run(["review", "--json"], clock: clock).out)
    #expect(defaultLimit["new_available"] as? Int == 1)
    clock.advance(by: 86_400)
    let tomorrow = try json(fixture.run(["review", "--json", "--new", "2"], clock: clock).out)
    #expect(tomorrow["new_today"] as? Int == 0)
    #expect(tomorrow["new_available"] as? Int == 1)
  }

  @Test func undoTakesBackTheLastRatingAndAsksTheCardAgain() throws {
    let fixture = try StudyFixture()
    defer { fixture.remove() }
    let clock = FixedClock()
    _ = fixture.run(["read", "a-one"], clock: clock)
    let result = fixture.run(
      ["review", "--new", "3"],
      input: ["A", "undo", "B", "A", "A"],
      clock: clock
    )
    #expect(result.status == 0, "\(result.err)")
    expectSnapshot(
      maskingFuzzedDays(result.out),
      named: "review-undo-then-again",
      group: "StudyPathTests"
    )
    let (store, id) = try store(fixture)
    let attempts = try store.attempts(profileId: id)
    #expect(attempts.filter { $0.questionId == "q-d1-1" }.map(\.answer) == ["B"])
    let card = try #require(try store.card(profileId: id, questionId: "q-d1-1"))
    #expect(card.due == clock.now.addingTimeInterval(60))
    let logs = try store.studyRecords(profileId: id).reviews
    #expect(logs.count == 3)
    #expect(logs.filter { $0.questionId == "q-d1-1" }.map(\.rating) == ["again"])
  }

  @Test func undoOfANewCardRemovesTheCardItCreated() throws {
    let fixture = try StudyFixture()
    defer { fixture.remove() }
    let clock = FixedClock()
    _ = fixture.run(["read", "a-one"], clock: clock)
    let result = fixture.run(["review", "--new", "2"], input: ["A", "undo", "quit"], clock: clock)
    #expect(result.status == 0, "\(result.err)")
    expectSnapshot(
      maskingFuzzedDays(result.out),
      named: "review-undo-new-card",
      group: "StudyPathTests"
    )
    let (store, id) = try store(fixture)
    #expect(try store.cards(profileId: id).isEmpty)
    #expect(try store.attempts(profileId: id).isEmpty)
    #expect(try store.studyRecords(profileId: id).reviews.isEmpty)
  }

  @Test func anEndlessDrillCountsWithoutPretendingToKnowItsEnd() throws {
    let fixture = try StudyFixture()
    defer { fixture.remove() }
    let result = fixture.run(["drill", "--seed", "1"], input: ["skip", "quit"])
    #expect(result.status == 0, "\(result.err)")
    // "Question 2 · …" with no total: the drill has no end to count to.
    expectSnapshot(result.out, named: "drill-endless", group: "StudyPathTests")
  }
}
