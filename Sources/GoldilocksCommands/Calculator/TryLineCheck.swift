import ArgumentParser
import Engine
import Lab
import SpecLanguage

/// A command that can say, without running, what is wrong with its arguments, so that
/// `content lint` can check every "try it" line and scenario run.
protocol TryLineCheckable {
  /// Problems with the arguments, empty when the command would run.
  func lintProblems() -> [String]
}

/// The dataset names the calculator knows.
enum DatasetNames {
  static let all = [
    "iris", "digits", "mnist", "breast-cancer", "fraud", "regression", "blobs", "shakespeare",
  ]

  static func problem(_ name: String?) -> String? {
    guard let name, !all.contains(name) else { return nil }
    return "unknown dataset '\(name)'; `calc datasets` lists \(all.joined(separator: ", "))"
  }
}

/// Checks one try line: it must parse with the command tree, and its specs and
/// datasets must be valid.
enum TryLineCheck {
  static func problem(_ line: String) -> String? {
    let words: [String]
    do {
      words = try CommandLineSplitter.split(line)
    } catch {
      return error.description
    }
    guard let first = words.first else { return "the line is empty" }
    if ["try", "quit", "exit", "demo"].contains(first) {
      return "`\(first)` cannot be a try line"
    }
    let command: any ParsableCommand
    do {
      command = try Goldilocks.parseAsRoot(words)
    } catch {
      return Goldilocks.message(for: error)
    }
    if let checkable = command as? any TryLineCheckable {
      return checkable.lintProblems().first
    }
    return nil
  }

  /// The problem with a spec, or `nil` when it parses and builds.
  static func specProblem(_ words: [String]) -> String? {
    do {
      _ = try ModelSpec.parse(words.joined(separator: " "))
      return nil
    } catch {
      return error.description
    }
  }
}

extension CalcSummaryCommand: TryLineCheckable {
  func lintProblems() -> [String] { [TryLineCheck.specProblem(spec)].compactMap { $0 } }
}

extension CalcExplainCommand: TryLineCheckable {
  func lintProblems() -> [String] { [TryLineCheck.specProblem(spec)].compactMap { $0 } }
}

extension ExplainCommand: TryLineCheckable {
  func lintProblems() -> [String] { [TryLineCheck.specProblem(spec)].compactMap { $0 } }
}

extension CalcExportCommand: TryLineCheckable {
  func lintProblems() -> [String] { [TryLineCheck.specProblem(spec)].compactMap { $0 } }
}

extension CalcTrainCommand: TryLineCheckable {
  func lintProblems() -> [String] {
    [TryLineCheck.specProblem(spec), DatasetNames.problem(dataset)].compactMap { $0 }
  }
}

extension CalcTimeCommand: TryLineCheckable {
  func lintProblems() -> [String] { [TryLineCheck.specProblem(spec)].compactMap { $0 } }
}

extension CalcQuantizeCommand: TryLineCheckable {
  func lintProblems() -> [String] {
    [TryLineCheck.specProblem(spec), DatasetNames.problem(dataset)].compactMap { $0 }
  }
}

extension CalcPruneCommand: TryLineCheckable {
  func lintProblems() -> [String] {
    [TryLineCheck.specProblem(spec), DatasetNames.problem(dataset)].compactMap { $0 }
  }
}

extension CalcDistillCommand: TryLineCheckable {
  func lintProblems() -> [String] {
    [
      TryLineCheck.specProblem([teacher]), TryLineCheck.specProblem([student]),
      DatasetNames.problem(dataset),
    ].compactMap { $0 }
  }
}

extension CalcSweepCommand: TryLineCheckable {
  func lintProblems() -> [String] {
    [TryLineCheck.specProblem(spec), DatasetNames.problem(dataset)].compactMap { $0 }
  }
}

extension CalcWhatIfCommand: TryLineCheckable {
  func lintProblems() -> [String] {
    let specWords = words.filter { !$0.contains("=") }
    return [TryLineCheck.specProblem(specWords), DatasetNames.problem(dataset)].compactMap { $0 }
  }
}

extension CalcForestCommand: TryLineCheckable {
  func lintProblems() -> [String] { [DatasetNames.problem(dataset)].compactMap { $0 } }
}

extension CalcTreeCommand: TryLineCheckable {
  func lintProblems() -> [String] { [DatasetNames.problem(dataset)].compactMap { $0 } }
}

extension CalcBoostCommand: TryLineCheckable {
  func lintProblems() -> [String] { [DatasetNames.problem(dataset)].compactMap { $0 } }
}

extension CalcLinearCommand: TryLineCheckable {
  func lintProblems() -> [String] { [DatasetNames.problem(dataset)].compactMap { $0 } }
}

extension CalcSelectCommand: TryLineCheckable {
  func lintProblems() -> [String] { [DatasetNames.problem(dataset)].compactMap { $0 } }
}

extension CalcDataSizeCommand: TryLineCheckable {
  func lintProblems() -> [String] {
    var problems = [DatasetNames.problem(dataset)].compactMap { $0 }
    do {
      _ = try DataSizeStudy.fractions(fractions)
    } catch {
      problems.append(error.description)
    }
    return problems
  }
}

extension CalcAugmentCommand: TryLineCheckable {
  func lintProblems() -> [String] {
    var problems = [DatasetNames.problem(dataset)].compactMap { $0 }
    do {
      _ = try ImageAugmentation.operations(ops)
    } catch {
      problems.append(error.description)
    }
    if let spec, let problem = TryLineCheck.specProblem([spec]) { problems.append(problem) }
    return problems
  }
}
