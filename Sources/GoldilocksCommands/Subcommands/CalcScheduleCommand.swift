import ArgumentParser
import Engine
import Foundation
import Terminal

/// `calc schedule`: pruning schedules with TF Model Optimization's semantics.
struct CalcScheduleCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "schedule",
    abstract: "Sparsity targets of a pruning schedule, step by step.",
    discussion: """
      The same values as TensorFlow Model Optimization's PolynomialDecay and
      ConstantSparsity: `sparsity` is the target at a step, `prune` whether masks
      are updated at that step (begin ≤ step ≤ end and (step − begin) mod
      frequency = 0).
      """,
    subcommands: [CalcSchedulePolynomialCommand.self, CalcScheduleConstantCommand.self]
  )
}

/// `calc schedule polynomial`: TF-MOT's `PolynomialDecay`.
struct CalcSchedulePolynomialCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "polynomial",
    abstract: "Sparsity rising from --initial to --final between --begin and --end.",
    discussion:
      "s(t) = final + (initial − final)·(1 − p)^power, p = clip((t − begin)/(end − begin), 0, 1)."
  )

  @OptionGroup var global: GlobalOptions
  @Option(parsing: .unconditional, help: "Sparsity at the begin step.") var initial: Double
  @Option(parsing: .unconditional, help: "Sparsity at the end step.") var final: Double
  @Option(parsing: .unconditional, help: "First step that prunes.") var begin: Int
  @Option(parsing: .unconditional, help: "Step where the final sparsity is reached.") var end: Int
  @Option(parsing: .unconditional, help: "Exponent of the decay.") var power: Double = 3
  @Option(parsing: .unconditional, help: "Masks are updated every this many steps.") var frequency:
    Int = 100
  @Option(help: "Steps to report, comma-separated.") var steps: String

  mutating func run() throws {
    let schedule: PolynomialDecay
    do {
      schedule = try PolynomialDecay(
        initialSparsity: initial,
        finalSparsity: final,
        beginStep: begin,
        endStep: end,
        power: power,
        frequency: frequency
      )
    } catch {
      throw ScheduleReport.optionError(error)
    }
    try ScheduleReport.print(
      schedule,
      steps: try ScheduleReport.parseSteps(steps),
      context: CommandContext(global)
    )
  }
}

/// `calc schedule constant`: TF-MOT's `ConstantSparsity`.
struct CalcScheduleConstantCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "constant",
    abstract: "One target sparsity from --begin on, updated every --frequency steps."
  )

  @OptionGroup var global: GlobalOptions
  @Option(parsing: .unconditional, help: "The sparsity to hold.") var target: Double
  @Option(parsing: .unconditional, help: "First step that prunes.") var begin: Int
  @Option(parsing: .unconditional, help: "Last step that prunes; -1 for no end.") var end: Int = -1
  @Option(parsing: .unconditional, help: "Masks are updated every this many steps.") var frequency:
    Int = 100
  @Option(help: "Steps to report, comma-separated.") var steps: String

  mutating func run() throws {
    let schedule: ConstantSparsity
    do {
      schedule = try ConstantSparsity(
        targetSparsity: target,
        beginStep: begin,
        endStep: end,
        frequency: frequency
      )
    } catch {
      throw ScheduleReport.optionError(error)
    }
    try ScheduleReport.print(
      schedule,
      steps: try ScheduleReport.parseSteps(steps),
      context: CommandContext(global)
    )
  }
}

/// Prints a schedule at given steps as a table or as cli.md's JSON array.
enum ScheduleReport {
  struct Point: Encodable {
    let step: Int
    let sparsity: Double
    let prune: Bool
  }

  /// The engine's refusal of a schedule parameter, in terms of the option that set it.
  static func optionError(_ error: any Error) -> GoldilocksError {
    guard case .invalidParameter(let name, let value, let expected) = error as? CompressionError
    else { return .invalidValue("\(error)") }
    let flags = [
      "beginStep": "--begin", "endStep": "--end", "frequency": "--frequency",
      "initialSparsity": "--initial", "finalSparsity": "--final",
      "targetSparsity": "--target", "power": "--power",
    ]
    let flag = flags[name] ?? name
    let advice = expected.replacingOccurrences(of: "beginStep", with: "--begin")
    return .invalidValue("\(flag) must be \(advice), got \(value)")
  }

  static func parseSteps(_ text: String) throws -> [Int] {
    let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    let steps = parts.compactMap { Int($0) }
    guard !parts.isEmpty, steps.count == parts.count, steps.allSatisfy({ $0 >= 0 }) else {
      throw GoldilocksError.invalidValue(
        "--steps must be non-negative whole numbers separated by commas, e.g. 0,100,500"
      )
    }
    return steps
  }

  static func print(_ schedule: some PruningSchedule, steps: [Int], context: CommandContext) throws
  {
    let points = steps.map { step in
      // The float32 value as a decimal, the way Python prints float(np.float32(x)).
      Point(
        step: step,
        sparsity: Double(schedule.sparsity(at: step)),
        prune: schedule.shouldPrune(at: step)
      )
    }
    if let bad = points.first(where: { !$0.sparsity.isFinite }) {
      throw GoldilocksError.invalidValue(
        "the schedule gives no finite sparsity at step \(bad.step); check --initial, --final and --power"
      )
    }
    if context.json {
      try context.printJSON(points)
      return
    }
    let rows = points.map { point in
      [
        String(point.step), String(format: "%.4f", point.sparsity),
        ProgressCommand.bar(fraction: point.sparsity, width: 20), point.prune ? "yes" : "",
      ]
    }
    context.output.line(
      TextTable(
        header: ["step", "sparsity", "", "masks updated"],
        rows: rows,
        alignments: [.right, .right, .left, .left]
      ).render()
    )
  }
}
