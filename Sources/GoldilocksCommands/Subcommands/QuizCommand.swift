import ArgumentParser
import Curriculum
import Engine
import Foundation
import ProgressStore
import Terminal

/// `quiz`: questions drawn weakest topics first, graded with explanations.
struct QuizCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "quiz",
    abstract: "Answer questions on what you have read, weakest topics first.",
    discussion: """
      By default the questions come from the sections you have read (--all asks
      about everything; --topic about one topic, read or not). Topics you have
      read come weakest first, ties in the order of the book. Answer with a letter (A), several letters (A C), an order (C A B), pairs (1B
      2A) or a number; `hint` gives up to three graded hints, `skip` shows the
      answer, `quit` stops. Every answer is saved before the next question and
      becomes a spaced-repetition card (`review`).
      """
  )

  @OptionGroup var global: GlobalOptions
  @Option(help: "Only questions of this topic.") var topic: String?
  @Option(parsing: .unconditional, help: "How many questions.") var count: Int = 10
  @Option(help: "Only questions in scope for this exam: c01 or c02.") var exam: Exam?
  @Flag(help: "Ask about every section, read or not.") var all = false

  mutating func run() throws {
    let context = CommandContext(global)
    guard count > 0 else { throw GoldilocksError.invalidValue("--count must be at least 1") }
    let library = try context.session.library()
    if let topic, !library.topics.contains(topic) {
      throw GoldilocksError.invalidValue(
        "no questions have the topic '\(topic)'; topics: \(library.topics.joined(separator: ", "))"
      )
    }
    let store = try context.store()
    let profile = try context.profile(in: store)
    let profileId = profile.id ?? 0
    let attempts = try store.attempts(profileId: profileId)
    let mastery = MasteryModel(
      library: library,
      attempts: attempts,
      cards: try store.cards(profileId: profileId),
      now: context.now
    )
    let readIds = try store.readSectionIds(profileId: profileId)
    let onlyRead = topic == nil && !all
    let readTopics = Set(library.questions.filter { readIds.contains($0.section) }.map(\.topic))
    let picked = QuestionPicker(seed: context.seed).pick(
      from: library.questions.filter { question in
        (topic == nil || question.topic == topic) && (exam.map(question.isInScope) ?? true)
          && (!onlyRead || readIds.contains(question.section))
      },
      count: count,
      topicOrder: mastery.quizOrder(read: readTopics),
      attempts: attempts
    )
    guard !picked.isEmpty else {
      if onlyRead && readIds.isEmpty {
        context.say(
          "You have not read any section yet, and `quiz` asks about what you have read: `study` starts the path, `quiz --all` asks about everything."
        )
      } else {
        context.say(
          onlyRead
            ? "No questions match the sections you have read; `quiz --all` asks about everything."
            : "No questions match."
        )
      }
      return
    }
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
      switch outcome {
      case .quit:
        try summarize(right: right, asked: asked, context: context)
        return
      case .skipped(let seconds):
        try recorder.record(
          question: question,
          answer: "(skipped)",
          correct: false,
          seconds: seconds,
          mode: "quiz",
          rating: .again,
          updateSchedule: true
        )
        asked += 1
      case .answered(let grade, let hints, let seconds):
        try recorder.record(
          question: question,
          answer: grade.normalized,
          correct: grade.isCorrect,
          seconds: seconds,
          mode: "quiz",
          rating: AnswerRecorder.defaultRating(correct: grade.isCorrect, hints: hints),
          updateSchedule: true
        )
        asked += 1
        if grade.isCorrect { right += 1 }
      }
      if index < picked.count - 1 { input.pause() }
    }
    try summarize(right: right, asked: asked, context: context)
  }

  private func summarize(right: Int, asked: Int, context: CommandContext) throws {
    if context.json {
      struct Summary: Encodable {
        let asked: Int
        let right: Int
      }
      try context.printJSON(Summary(asked: asked, right: right))
      return
    }
    context.output.line()
    guard asked > 0 else {
      context.output.line("No answers recorded.")
      return
    }
    let percent = Int((Double(right) * 100 / Double(asked)).rounded())
    context.output.line(
      context.color.apply(.bold, to: "Score: \(right) of \(asked) (\(percent)%).")
        + " Your answers are saved; `review` brings them back when they are due."
    )
  }
}

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
