import ArgumentParser
import Curriculum
import ProgressStore
import Terminal

/// `reset`: forgets a topic's, a question's or all progress of the profile.
struct ResetCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "reset",
    abstract: "Forget progress of a topic, a question, or everything.",
    discussion: "Asks for confirmation at a terminal; elsewhere it needs --yes."
  )

  @OptionGroup var global: GlobalOptions
  @Option(help: "Forget this topic's answers and cards.") var topic: String?
  @Option(help: "Forget this question's answers and card.") var question: String?
  @Flag(help: "Forget everything of this profile.") var all = false
  @Flag(help: "Do not ask for confirmation.") var yes = false

  func validate() throws {
    guard [topic != nil, question != nil, all].filter({ $0 }).count == 1 else {
      throw GoldilocksError.invalidValue("say what to reset: --topic T, --question ID or --all")
    }
  }

  mutating func run() throws {
    let context = CommandContext(global)
    let store = try context.store()
    let profile = try context.profile(in: store)
    let (scope, questionIds, what) = try target(profile: profile.name, context: context)
    if !yes {
      guard context.session.isInteractive else {
        throw GoldilocksError.confirmationRequired("reset forgets \(what); add --yes to confirm")
      }
      guard context.confirm("Forget \(what)?") else {
        context.output.line("Nothing was reset.")
        return
      }
    }
    let deleted = try store.reset(
      profileId: profile.id ?? 0,
      scope: scope,
      questionIds: questionIds
    )
    context.output.line("Reset \(what): \(Plural.count(deleted, "record")) removed.")
  }

  /// What to forget: the store's scope, the question ids of a topic, and the words that
  /// name it in the confirmation and the result.
  private func target(
    profile: String,
    context: CommandContext
  ) throws -> (ProgressStore.ResetScope, [String], String) {
    if let topic {
      let library = try context.session.library()
      let questionIds = library.questions.filter { $0.topic == topic }.map(\.id)
      guard !questionIds.isEmpty || library.topics.contains(topic) else {
        throw GoldilocksError.invalidValue(
          "no topic '\(topic)'; topics: \(library.topics.joined(separator: ", "))"
        )
      }
      return (.topic(topic), questionIds, "the answers and cards of topic '\(topic)'")
    }
    if let question {
      return (.question(question), [], "the answers and card of question '\(question)'")
    }
    return (
      .all, [], "all progress of profile '\(profile)' (reading, answers, cards, exams, runs)"
    )
  }
}
