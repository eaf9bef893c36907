import Curriculum
import Engine
import ProgressStore

/// Chooses questions: weakest topics first, unseen and missed questions before
/// known ones, in an order that follows the seed.
struct QuestionPicker {
  let seed: UInt64

  func pick(from pool: [Question], count: Int, topicOrder: [String], attempts: [QuizAttempt])
    -> [Question]
  {
    var generator = SeededGenerator(seed: seed)
    var lastCorrect: [String: Bool] = [:]
    for attempt in attempts { lastCorrect[attempt.questionId] = attempt.correct }
    var byTopic = Dictionary(grouping: pool, by: \.topic)
    for topic in byTopic.keys.sorted() {
      var shuffled = byTopic[topic] ?? []
      shuffled.shuffle(using: &generator)
      // Unseen first, then missed, then known.
      byTopic[topic] = shuffled.sorted { rank($0, lastCorrect) < rank($1, lastCorrect) }
    }
    let order =
      topicOrder.filter { byTopic[$0] != nil }
      + byTopic.keys.sorted().filter { !topicOrder.contains($0) }
    var picked: [Question] = []
    var round = 0
    while picked.count < count {
      var added = false
      for topic in order {
        guard let questions = byTopic[topic], round < questions.count else { continue }
        picked.append(questions[round])
        added = true
        if picked.count == count { break }
      }
      if !added { break }
      round += 1
    }
    return picked
  }

  private func rank(_ question: Question, _ lastCorrect: [String: Bool]) -> Int {
    switch lastCorrect[question.id] {
    case nil: return 0
    case false?: return 1
    case true?: return 2
    }
  }
}
