import Curriculum
import Foundation
import ProgressStore
import Terminal

/// One round of `quiz`: asks the picked questions in order, with hints and explanations
/// (a case's scenario is shown again unless the part before was of the same case), and
/// records every answer as a review card.
struct QuizRound {
  let context: CommandContext
  let store: any ProgressStoring
  let profileId: Int64

  /// Asks `picked` until the end or `quit`; returns the right answers and the answers given.
  func ask(_ picked: [Question]) throws -> (right: Int, asked: Int) {
    let interaction = context.forInteraction()
    let input = AnswerInput(context: interaction)
    let asker = QuestionAsker(context: interaction, input: input)
    let recorder = AnswerRecorder(store: store, profileId: profileId, clock: context.clock)
    var right = 0
    var asked = 0
    var previousCase: String?
    for (index, question) in picked.enumerated() {
      // A case's scenario comes with each of its parts, unless the part before was of the
      // same case and the scenario is still on screen.
      let showScenario = question.caseId != nil && question.caseId != previousCase
      previousCase = question.caseId
      let outcome = asker.ask(
        question,
        number: index + 1,
        of: picked.count,
        showScenario: showScenario
      )
      guard let correct = try recorder.record(outcome, question: question, mode: "quiz") else {
        return (right, asked)
      }
      asked += 1
      if correct { right += 1 }
      if index < picked.count - 1 { input.pause() }
    }
    return (right, asked)
  }
}
