import Curriculum
import Engine
import Testing

@testable import GoldilocksCommands

/// The quiz and the mock exam draw their order from the engine's one `SeededGenerator`: the
/// same seed gives the same paper, another seed another one.
@Suite struct SeededOrderTests {
  /// `count` single-choice questions spread over C02's four domains and two topics.
  private func questions(_ count: Int) -> [Question] {
    (0..<count).map { index in
      Question(
        id: "q\(index)",
        topic: index % 2 == 0 ? "even" : "odd",
        section: "s",
        difficulty: 1,
        exams: [.c02: ExamTag(tasks: ["\(index % 4 + 1).1"], inScope: true)],
        prompt: "Question \(index)?",
        kind: .single(choices: ["A", "B"], answer: 0),
        explanation: "",
        hints: []
      )
    }
  }

  @Test func theQuizOrderIsTheSameForOneSeedAndDiffersAcrossSeeds() {
    let pool = questions(40)
    func order(_ seed: UInt64) -> [String] {
      QuestionPicker(seed: seed).pick(from: pool, count: 20, topicOrder: [], attempts: []).map(\.id)
    }
    #expect(order(7) == order(7))
    #expect(order(7).count == 20)
    #expect(Set((1...5).map { order($0) }).count > 1)
  }

  @Test func theExamPaperIsTheSameForOneSeedAndDiffersAcrossSeeds() throws {
    let pool = questions(80)
    func paper(_ seed: UInt64) throws -> [String] {
      try ExamDraw(exam: .c02, seed: seed).draw(from: pool, count: 20).map(\.id)
    }
    #expect(try paper(3) == paper(3))
    #expect(try Set(paper(3)).count == 20)
    #expect(try Set((1...5).map { try paper($0) }).count > 1)
  }

  @Test func generatedQuestionsRepeatForOneSeed() throws {
    var first = QuestionGenerator(seed: 11)
    var second = QuestionGenerator(seed: 11)
    for _ in 0..<5 {
      #expect(try first.next().prompt == second.next().prompt)
    }
  }
}
