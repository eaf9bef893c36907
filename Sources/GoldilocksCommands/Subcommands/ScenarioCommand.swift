import ArgumentParser
import Curriculum
import Foundation
import ProgressStore
import Synchronization
import Terminal

/// `scenario [NAME]`: plays a worked scenario, or lists them.
struct ScenarioCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "scenario",
    abstract: "Play a worked scenario; no argument lists them.",
    discussion: """
      A scenario sets up a real decision (a latency budget, a device, a bill),
      runs the calculator live so you see the measured numbers, asks what you
      would do, and explains. Your decision is saved.
      """
  )

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The scenario's id.") var name: String?
  @Option(help: "Seconds to wait between runs instead of waiting for Enter.") var auto: Double?

  mutating func run() throws {
    let context = CommandContext(global)
    let library = try context.session.library()
    guard let name else {
      try list(library, context: context)
      return
    }
    guard
      let scenario = library.scenarios.first(where: {
        $0.id == name || $0.title.lowercased().hasPrefix(name.lowercased())
      })
    else {
      throw GoldilocksError.invalidValue(
        "no scenario '\(name)'; `scenario` lists them: \(library.scenarios.map(\.id).joined(separator: ", "))"
      )
    }
    try play(scenario, context: context)
  }

  private func list(_ library: ContentLibrary, context: CommandContext) throws {
    let store = try context.store()
    let profile = try context.profile(in: store)
    let played = Set(try store.scenarioRuns(profileId: profile.id ?? 0).map(\.scenarioId))
    if context.json {
      struct Entry: Encodable {
        let id: String
        let title: String
        let minutes: Int
        let played: Bool
      }
      try context.printJSON(
        library.scenarios.map {
          Entry(id: $0.id, title: $0.title, minutes: $0.minutes, played: played.contains($0.id))
        }
      )
      return
    }
    context.output.line(context.color.apply(.bold, to: "Worked scenarios"))
    for scenario in library.scenarios {
      let mark = played.contains(scenario.id) ? context.color.apply(.green, to: "✓") : "·"
      context.output.line(
        "  \(mark) \(scenario.id.padding(toLength: 30, withPad: " ", startingAt: 0)) \(scenario.title)"
      )
    }
    context.say("`scenario ID` plays one.")
  }

  private func play(_ scenario: Scenario, context: CommandContext) throws {
    let interaction = context.forInteraction()
    let color = interaction.color
    let renderer = MarkdownRenderer(width: min(interaction.width, 100), color: color)
    interaction.output.line(color.apply(.bold, .underline, to: scenario.title))
    interaction.output.line(renderer.render(scenario.setup))
    let input = AnswerInput(context: interaction)
    var results: [RunResult] = []
    for (index, run) in scenario.runs.enumerated() {
      if InterruptFlag.shared.isRaised { break }
      interaction.output.line()
      interaction.output.line(
        color.apply(.bold, to: "Run \(index + 1) of \(scenario.runs.count). ") + run.say
      )
      interaction.output.line(color.apply(.green, .bold, to: "goldilocks> ") + run.command)
      var words = try CommandLineSplitter.split(run.command)
      words += ["--seed", String(context.seed)]
      let capture = TeeOutput(interaction.output)
      let status = CommandRunner.run(words, in: context.session.with(output: capture))
      results.append(RunResult(command: run.command, status: status, output: capture.captured))
      if let auto {
        if auto > 0 { Thread.sleep(forTimeInterval: auto) }
      } else {
        input.pause()
      }
    }
    var asker = QuestionAsker(context: interaction, input: input)
    asker.showFeedback = true
    interaction.output.line()
    interaction.output.line(color.apply(.bold, to: "Your decision"))
    let outcome = asker.ask(scenario.decision, number: 1, of: 1, showScenario: false)
    let decision: String
    let correct: Bool
    switch outcome {
    case .quit:
      interaction.output.line("No decision taken; nothing saved.")
      return
    case .skipped:
      (decision, correct) = ("(skipped)", false)
    case .answered(let grade, _, _):
      (decision, correct) = (grade.normalized, grade.isCorrect)
    }
    let store = try context.store()
    let profile = try context.profile(in: store)
    let encoder = JSONEncoder()
    encoder.keyEncodingStrategy = .convertToSnakeCase
    let json = String(decoding: try encoder.encode(results), as: UTF8.self)
    try store.recordScenarioRun(
      ScenarioRun(
        profileId: profile.id ?? 0,
        scenarioId: scenario.id,
        decision: decision,
        correct: correct,
        resultJSON: json,
        createdAt: context.now
      )
    )
    if context.json {
      struct Played: Encodable {
        let scenario: String
        let decision: String
        let correct: Bool
        let runs: [RunResult]
      }
      try context.printJSON(
        Played(scenario: scenario.id, decision: decision, correct: correct, runs: results)
      )
    }
  }
}

/// One calculator run of a scenario, as stored.
struct RunResult: Encodable {
  let command: String
  let status: Int32
  let output: String
}

/// Passes output through and keeps a copy of what went to standard output.
final class TeeOutput: OutputSink {
  private let base: any OutputSink
  private let text = Mutex("")

  init(_ base: any OutputSink) { self.base = base }

  func write(_ text: String) {
    self.text.withLock { $0 += text }
    base.write(text)
  }

  func writeError(_ text: String) { base.writeError(text) }

  var captured: String { text.withLock { $0 } }
}
