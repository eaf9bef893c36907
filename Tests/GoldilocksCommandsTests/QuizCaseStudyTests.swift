import Foundation
import Testing

/// A case study's parts can be drawn apart from each other in `quiz`; each part must still
/// come with the scenario it depends on (the content review found later parts shown bare).
@Suite struct QuizCaseStudyTests {
  @Test(arguments: [UInt64(1), 2, 3, 4, 5, 6])
  func everyCasePartAfterAnotherQuestionShowsItsScenario(seed: UInt64) throws {
    let fixture = try StudyFixture()
    defer { fixture.remove() }
    let result = fixture.run(
      ["quiz", "--all", "--topic", "beta", "--count", "5", "--seed", "\(seed)"],
      input: Array(repeating: "A", count: 5)
    )
    #expect(result.status == 0, "\(result.err)")
    // One block per question, from its "Question N of 5 · …" header to the next.
    var blocks: [[String]] = []
    for line in result.out.split(separator: "\n", omittingEmptySubsequences: false) {
      if line.hasPrefix("Question "), line.contains(" of 5 · ") {
        blocks.append([String(line)])
      } else if !blocks.isEmpty {
        blocks[blocks.count - 1].append(String(line))
      }
    }
    #expect(blocks.count == 5)
    var previousWasCase = false
    var partsSeen = 0
    for block in blocks {
      let header = block[0]
      let isCase = header.contains("c-1a") || header.contains("c-1b")
      if isCase {
        partsSeen += 1
        if !previousWasCase {
          #expect(
            block.joined(separator: " ").contains("A shared case about serving a model."),
            "seed \(seed): \(block)"
          )
        }
      }
      previousWasCase = isCase
    }
    #expect(partsSeen == 2)
  }
}
