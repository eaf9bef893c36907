import Curriculum
import Foundation
import ProgressStore
import Terminal
import Testing
import _TestSupport

@testable import GoldilocksCommands

@Suite struct ExamTests {
  private func json(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  @Test func drawsOnlyTheRealExamsItemTypesAtTheDomainWeights() throws {
    let fixture = try StudyFixture()
    defer { fixture.remove() }
    let result = fixture.run(
      ["exam", "--questions", "10", "--seed", "3", "--json"],
      input: Array(repeating: "A", count: 10) + ["submit"]
    )
    #expect(result.status == 0, "\(result.err)")
    let summary = try json(result.out)
    #expect(summary["questions"] as? Int == 10)
    let domains = try #require(summary["domains"] as? [[String: Any]])
    // 10 × 28/24/24/24 %: floors 2,2,2,2 and the two largest remainders to D1 and D2.
    #expect(domains.map { $0["total"] as? Int } == [3, 3, 2, 2])
    #expect(!result.err.contains("num-1") && !result.err.contains("short-1"))
    #expect(summary["correct"] as? Int == 10)
    #expect(summary["scaled_score"] as? Int == 1000)
  }

  @Test func quotasFollowTheWeightsByLargestRemainder() {
    let draw = ExamDraw(exam: .c02, seed: 1)
    #expect(draw.quotas(for: 65) == [1: 18, 2: 16, 3: 16, 4: 15])
    #expect(draw.quotas(for: 10) == [1: 3, 2: 3, 3: 2, 4: 2])
    #expect(draw.quotas(for: 20).values.reduce(0, +) == 20)
    let c01 = ExamDraw(exam: .c01, seed: 1)
    #expect(c01.quotas(for: 50) == [1: 14, 2: 13, 3: 11, 4: 12])
  }

  @Test func refusesToStartWithEachDomainsShortfallOnOneErrorLine() throws {
    let fixture = try StudyFixture()
    defer { fixture.remove() }
    let result = fixture.run(["exam", "--questions", "20"], input: ["A"])
    #expect(result.status == 1)
    let lines = result.err.split(separator: "\n")
    #expect(lines.count == 1, "\(result.err)")
    let line = String(lines.first ?? "")
    #expect(line.hasPrefix("error: cannot draw a 20-question MLA-C02 exam"))
    #expect(line.contains("Domain 1 (Data Preparation for ML and AI) needs 5 and has 3"))
    #expect(line.contains("Domain 2 (ML Model and Foundation Model Development) needs 5 and has 3"))
    #expect(
      line.contains(
        "Domain 3 (Deployment and Orchestration of ML and AI Workflows) needs 5 and has 3"
      )
    )
    #expect(line.contains("needs 5 and has 2"))
    #expect(line.contains("--questions 11"))
    #expect(!result.out.contains("Question 1"))
    let store = try ProgressStore.open(path: fixture.db)
    let id = try #require(try store.profile(named: "default").id)
    #expect(try store.exams(profileId: id).isEmpty)
    #expect(try store.attempts(profileId: id).isEmpty)
  }

  @Test func aRetakeDrawsADifferentPaperUnlessTheSeedIsGiven() throws {
    let fixture = try StudyFixture()
    defer { fixture.remove() }
    func firstQuestions(_ words: [String]) -> [String] {
      let result = fixture.run(words, input: ["quit"])
      return result.out.split(separator: "\n").filter { $0.hasPrefix("Question 1 of") }.map(
        String.init
      )
    }
    let papers = (0..<4).map { _ in firstQuestions(["exam", "--questions", "10"]) }
    #expect(Set(papers.map { $0.first ?? "" }).count > 1)
    let seeded = (0..<2).map { _ in firstQuestions(["exam", "--questions", "10", "--seed", "9"]) }
    #expect(seeded[0] == seeded[1])
  }

  @Test func c01StaysSelectable() throws {
    let fixture = try StudyFixture()
    defer { fixture.remove() }
    let result = fixture.run(
      ["exam", "--exam", "c01", "--questions", "8", "--json"],
      input: Array(repeating: "A", count: 8) + ["submit"]
    )
    #expect(result.status == 0, "\(result.err)")
    #expect(result.err.contains("MLA-C01 mock exam: 8 questions"))
    #expect(try json(result.out)["exam"] as? String == "c01")
  }

  @Test(arguments: ["inf", "1e300", "9223372036854775807", "nan", "0", "-5", "601", "0.5"])
  func minutesOutsideOneToSixHundredAreRefusedWithoutATrap(value: String) throws {
    let fixture = try StudyFixture()
    defer { fixture.remove() }
    let result = fixture.run(["exam", "--minutes", value], input: ["A"])
    #expect(result.status == 1, "\(value): \(result.err)")
    #expect(result.err.split(separator: "\n").count == 1)
    #expect(result.err.hasPrefix("error: --minutes must be a number from 1 to 600"))
  }

  @Test func questionCountIsValidated() throws {
    let fixture = try StudyFixture()
    defer { fixture.remove() }
    for value in ["0", "-1", "100000"] {
      let result = fixture.run(["exam", "--questions", value])
      #expect(result.status == 1, "\(value)")
      #expect(result.err.hasPrefix("error: --questions must be from 1 to 200"))
    }
  }

  @Test func scaledScoreMapsThroughThreeFixedPoints() {
    #expect(ExamReport.scaled(0) == 100)
    #expect(ExamReport.scaled(0.5) == 530)
    #expect(ExamReport.scaled(0.72) == 720)
    #expect(ExamReport.scaled(18.0 / 25.0) == 720)
    #expect(ExamReport.scaled(0.7199) == 719)
    #expect(ExamReport.scaled(0.86) == 860)
    #expect(ExamReport.scaled(1) == 1000)
    #expect(ExamReport.scaled(.nan) == 100)
  }

  @Test func reportShowsScaledScoreBesideRawAndSaysItIsAnApproximation() throws {
    let fixture = try StudyFixture()
    defer { fixture.remove() }
    let result = fixture.run(
      ["exam", "--questions", "10", "--seed", "3"],
      input: ["B"] + Array(repeating: "A", count: 9) + ["submit"]
    )
    #expect(result.status == 0, "\(result.err)")
    #expect(result.out.contains("Score: 9 of 10 right (90 %) · scaled ≈ 900 of 1,000"))
    #expect(result.out.contains("PASS"))
    #expect(result.out.contains("approximation"))
    #expect(result.out.contains("Review of the 1 question you missed or left open"))
    #expect(!result.out.contains("question(s)"))
    let history = fixture.run(["exam", "--history"])
    #expect(history.out.contains("≈900"))
  }

  @Test func noHintIsOfferedAndAskingForOneIsRefusedPolitely() throws {
    let fixture = try StudyFixture()
    defer { fixture.remove() }
    let result = fixture.run(["exam", "--questions", "4"], input: ["hint", "quit"])
    #expect(result.status == 0)
    #expect(!result.out.contains("`hint`"))
    #expect(result.out.contains("`flag`"))
    #expect(result.out.contains("No hints in an exam"))
    #expect(result.out.contains("Exam ended early"))
  }

  @Test func flagReturnAndChangeAnAnswerBeforeSubmitting() throws {
    let fixture = try StudyFixture()
    defer { fixture.remove() }
    let script =
      ["flag", "B", "list", "go 1", "A"] + Array(repeating: "A", count: 9) + ["submit", "submit"]
    let result = fixture.run(["exam", "--questions", "10", "--seed", "3", "--json"], input: script)
    #expect(result.status == 0, "\(result.err)")
    #expect(result.err.contains("Question 1 flagged"))
    #expect(result.err.contains("Your exam so far: 1 of 10 answered, 1 flagged"))
    #expect(result.err.contains("Flagged: 1"))
    #expect(result.err.contains("⚑ flagged"))
    #expect(result.err.contains("Your answer so far: B"))
    #expect(result.err.contains("Review before you submit: 10 of 10 answered, 1 flagged"))
    #expect(result.err.contains("0 questions unanswered and 1 flagged: type `submit` again"))
    let summary = try json(result.out)
    #expect(summary["correct"] as? Int == 10)
    #expect((summary["flagged"] as? [String])?.count == 1)
    #expect(summary["timed_out"] as? Bool == false)
  }

  @Test func goNeedsAQuestionNumberInRange() throws {
    let fixture = try StudyFixture()
    defer { fixture.remove() }
    let result = fixture.run(["exam", "--questions", "4"], input: ["go 99", "go", "quit"])
    #expect(result.status == 0)
    let help = "`go` takes a question number from 1 to 4, e.g. `go 3`."
    #expect(result.out.components(separatedBy: help).count == 3)
  }

  @Test func aPipedAnswerAfterTheDeadlineIsNotCountedAndTheExamSaysSo() throws {
    let fixture = try StudyFixture()
    defer { fixture.remove() }
    let clock = FixedClock()
    let result = fixture.run(
      ["exam", "--questions", "10", "--minutes", "20", "--json"],
      input: Array(repeating: "A", count: 10),
      clock: clock,
      beforeLine: { index in if index == 3 { clock.advance(by: 21 * 60) } }
    )
    #expect(result.status == 0, "\(result.err)")
    // The report is wrapped to the session's width: compare it as one line.
    let report = result.err.replacingOccurrences(of: "\n", with: " ")
    #expect(report.contains("Time is up."))
    #expect(report.contains("3 answers graded"))
    #expect(report.contains("The answer typed after the deadline was not counted."))
    let summary = try json(result.out)
    #expect(summary["timed_out"] as? Bool == true)
    #expect(summary["answered"] as? Int == 3)
    #expect(summary["correct"] as? Int == 3)
    let store = try ProgressStore.open(path: fixture.db)
    let id = try #require(try store.profile(named: "default").id)
    #expect(try store.attempts(profileId: id).filter { $0.mode == "exam" }.count == 3)
    let exams = try store.exams(profileId: id)
    #expect(exams.count == 1)
    #expect(abs((exams.first?.minutes ?? 0) - 20) < 1e-6)
  }

  @Test func theCountdownEndsTheExamAtZeroWhileTheLearnerIsThinking() throws {
    let fixture = try StudyFixture()
    defer { fixture.remove() }
    let clock = FixedClock()
    let reader = ScriptedTimedLineReader(
      [.type("A", after: 60), .type("A", after: 60), .waitPastDeadline],
      clock: clock
    )
    let result = fixture.run(
      ["exam", "--questions", "10", "--minutes", "5", "--json"],
      clock: clock,
      reader: reader
    )
    #expect(result.status == 0, "\(result.err)")
    #expect(reader.prompts.first == "[05:00 left] Q1> ")
    #expect(reader.prompts.contains("[03:00 left] Q3> "))
    #expect(reader.prompts.last == "[00:00 left] Q3> ")
    #expect(result.err.contains("Time is up."))
    #expect(!result.err.contains("not counted"))
    let summary = try json(result.out)
    #expect(summary["timed_out"] as? Bool == true)
    #expect(summary["answered"] as? Int == 2)
  }

  @Test func clockTextNeverTrapsOnHugeOrNonFiniteTimes() {
    #expect(ExamCommand.clock(.infinity) == "00:00")
    #expect(ExamCommand.clock(-5) == "00:00")
    #expect(ExamCommand.clock(3_725) == "1:02:05")
    #expect(ExamCommand.clock(1e300) == "999:00:00")
  }
}
