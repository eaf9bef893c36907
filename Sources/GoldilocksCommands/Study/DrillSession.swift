import Curriculum
import Foundation
import ProgressStore

/// `drill`: generated calculation questions asked one after another, each answer recorded
/// as a drill attempt (review schedules are left alone), until the count or a quit.
struct DrillSession {
  let context: CommandContext
  let store: any ProgressStoring
  let profileId: Int64

  /// Asks questions of `template` (every kind when `nil`) from `seed` until `count` are
  /// asked (forever when `nil`) or the learner quits; returns how many were right.
  func run(
    template: QuestionGenerator.Template?,
    count: Int?,
    seed: UInt64
  ) throws -> (right: Int, asked: Int) {
    let recorder = AnswerRecorder(store: store, profileId: profileId, clock: context.clock)
    var generator = QuestionGenerator(seed: seed)
    let interaction = context.forInteraction()
    let asker = QuestionAsker(context: interaction, input: AnswerInput(context: interaction))
    var asked = 0
    var right = 0
    while count.map({ asked < $0 }) ?? true {
      let question = try generator.next(template)
      let answer: String
      let correct: Bool
      let seconds: Double
      switch asker.ask(question, number: asked + 1, of: count, showScenario: false) {
      case .quit:
        return (right, asked)
      case .skipped(let skippedAfter):
        (answer, correct, seconds) = ("(skipped)", false, skippedAfter)
      case .answered(let grade, _, let answeredAfter):
        (answer, correct, seconds) = (grade.normalized, grade.isCorrect, answeredAfter)
      }
      try recorder.record(
        question: question,
        answer: answer,
        correct: correct,
        seconds: seconds,
        mode: "drill",
        rating: nil,
        updateSchedule: false
      )
      if correct { right += 1 }
      asked += 1
    }
    return (right, asked)
  }
}
