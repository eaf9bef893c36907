import ArgumentParser
import Curriculum
import Engine
import Foundation
import Lab
import ProgressStore
import Terminal
import Testing
import _TestSupport

@testable import GoldilocksCommands

/// Options with a fixed set of values are enums: the parser, the error line and the
/// REPL's completion all read the same `allCases`.
@Suite struct OptionChoiceTests {
  let provider = CompletionProvider.standard()

  /// Each enum option, a command line up to it, and its cases.
  static let choices: [(line: String, values: [String])] = [
    ("calc quantize seed-mlp --to ", QuantizationTarget.allCases.map(\.rawValue)),
    ("calc time seed-mlp --precision ", TimedPrecision.allCases.map(\.rawValue)),
    ("calc serve llama-3.1-8b --precision ", ServingPrecision.allCases.map(\.rawValue)),
    ("calc serve llama-3.1-8b --kv-precision ", KVCachePrecision.allCases.map(\.rawValue)),
    ("calc prune seed-mlp --schedule ", PruneSchedule.allCases.map(\.rawValue)),
    ("calc select --method ", ClassicalSelection.Method.allCases.map(\.rawValue)),
    ("calc tree --criterion ", TreeCriterion.allCases.map(\.rawValue)),
    ("calc train seed-mlp --optimizer ", OptimizerName.allCases.map(\.rawValue)),
    ("calc quantize seed-mlp --optimizer ", OptimizerName.allCases.map(\.rawValue)),
    ("calc summary seed-mlp --convention ", CountingConvention.allCases.map(\.rawValue)),
    ("calc export seed-mlp --format ", ModelFileFormat.allCases.map(\.rawValue)),
    (
      "calc export seed-mlp --quantize ", CalcExportCommand.StoredPrecision.allCases.map(\.rawValue)
    ),
    ("export f.json --what ", ExportKind.allCases.map(\.rawValue)),
    ("class overview --sort ", ClassRoster.SortKey.allCases.map(\.rawValue)),
    ("drill --kind ", QuestionGenerator.Template.allCases.map(\.rawValue)),
    ("exam --exam ", Exam.allCases.map(\.rawValue)),
  ]

  @Test(arguments: choices)
  func completionOffersExactlyTheEnumCases(line: String, values: [String]) {
    #expect(provider.candidates(lineBeforeWord: line, word: "") == values.sorted(), "\(line)")
  }

  @Test func servePrecisionCompletesWithBf16AndTimeWithout() {
    // One spelling, two commands, two sets: a single hand-kept list could not say this.
    #expect(provider.candidates(lineBeforeWord: "calc serve x --precision ", word: "b") == ["bf16"])
    #expect(provider.candidates(lineBeforeWord: "calc time x --precision ", word: "b").isEmpty)
  }

  /// Bad values: the command line, the option as the parser names it, the bad value.
  static let badValues: [([String], String, String, [String])] = [
    (
      ["calc", "quantize", "seed-mlp", "--dataset", "iris", "--to", "int9"], "--to <to>", "int9",
      QuantizationTarget.allCases.map(\.rawValue)
    ),
    (
      ["calc", "time", "seed-mlp", "--precision", "int3"], "--precision <precision>", "int3",
      TimedPrecision.allCases.map(\.rawValue)
    ),
    (
      [
        "calc", "prune", "seed-mlp", "--dataset", "iris", "--sparsity", "0.5", "--schedule",
        "cubic",
      ],
      "--schedule <schedule>", "cubic", PruneSchedule.allCases.map(\.rawValue)
    ),
    (
      ["calc", "select", "--dataset", "iris", "--k", "2", "--method", "lasso"],
      "--method <method>", "lasso", ClassicalSelection.Method.allCases.map(\.rawValue)
    ),
    (
      ["calc", "train", "seed-mlp", "--dataset", "iris", "--optimizer", "rmsprop"],
      "--optimizer <optimizer>", "rmsprop", OptimizerName.allCases.map(\.rawValue)
    ),
    (
      ["export", "/tmp/never-written.json", "--what", "csv"], "--what <what>", "csv",
      ExportKind.allCases.map(\.rawValue)
    ),
    (
      ["drill", "--kind", "lstm"], "--kind <kind>", "lstm",
      QuestionGenerator.Template.allCases.map(\.rawValue)
    ),
    (
      ["class", "--sort", "age"], "--sort <key>", "age",
      ClassRoster.SortKey.allCases.map(\.rawValue)
    ),
  ]

  @Test(arguments: badValues)
  func aBadValueIsOneErrorLineNamingOptionValueAndChoices(
    words: [String],
    option: String,
    bad: String,
    valid: [String]
  ) {
    let result = runCommand(words)
    #expect(result.status == 1, "\(words)")
    #expect(result.out.isEmpty)
    let lines = result.err.split(separator: "\n")
    #expect(lines.count == 1, "\(result.err)")
    let line = String(lines.first ?? "")
    #expect(line.hasPrefix("error: the value '\(bad)' is invalid for '\(option)'"), "\(line)")
    for value in valid { #expect(line.contains("'\(value)'"), "\(value) in \(line)") }
    #expect(line.hasSuffix("lists its options"))
  }

  @Test func theErrorLinesReadAsSnapshotted() {
    let lines = Self.badValues.map { words, _, _, _ in
      "$ goldilocks " + words.joined(separator: " ") + "\n" + runCommand(words).err
    }
    expectSnapshot(
      lines.joined(separator: "\n"),
      named: "bad-option-values",
      group: "OptionChoiceTests"
    )
  }

  @Test func methodAndCriterionStillTakeAnyCase() throws {
    let select = try #require(
      try Goldilocks.parseAsRoot([
        "calc", "select", "--dataset", "iris", "--k", "2", "--method", "ANOVA",
      ])
        as? CalcSelectCommand
    )
    #expect(select.method == .anova)
    let tree = try #require(
      try Goldilocks.parseAsRoot(["calc", "tree", "--dataset", "iris", "--criterion", "Entropy"])
        as? CalcTreeCommand
    )
    #expect(tree.criterion == .entropy)
  }

  @Test func theErrorJoinsABulletedListIntoOneLine() {
    let message = CommandRunner.oneSentence(
      "The value 'x' is invalid for '--kind <kind>'. Please provide one of the following:\n  - a\n  - b\n  - c"
    )
    #expect(
      message
        == "the value 'x' is invalid for '--kind <kind>'; please provide one of 'a', 'b' or 'c'"
    )
    #expect(
      CommandRunner.oneSentence(
        "The value 'x' is invalid for '--what <what>'. Please provide one of 'progress' and 'anki'."
      )
        == "the value 'x' is invalid for '--what <what>'; please provide one of 'progress' or 'anki'"
    )
  }

  @Test func aMalformedCommandLineIsStillAUsageError() {
    #expect(runCommand(["quiz", "--count", "x"]).status == 2)
    #expect(runCommand(["calc", "summary", "seed-mlp", "--seed", "-1"]).status == 2)
  }
}

/// Options that do not go together are refused in `validate()`, while the line is
/// parsed: before any model is built or file read, with one `error:` line and status 1.
@Suite struct CrossOptionValidationTests {
  static let conflicts: [[String]] = [
    [
      "calc", "prune", "seed-mlp", "--dataset", "iris", "--sparsity", "0.5", "--structured",
      "--global",
    ],
    [
      "calc", "prune", "seed-mlp", "--dataset", "iris", "--sparsity", "0.5", "--structured",
      "--schedule", "constant",
    ],
    ["calc", "export", "seed-mlp", "--out", "/tmp/never.safetensors", "--epochs", "3"],
    ["class", "--csv", "--json"],
    ["export", "/tmp/never-written.json", "--topic", "pruning"],
    ["calc", "sweep", "llama-3.1-8b", "--vary", "context=1024,2048", "--svg", "/tmp/n.svg"],
    ["calc", "sweep", "llama-3.1-8b", "--vary", "context=1024,2048", "--epochs", "3"],
    ["calc", "whatif", "llama-3.1-8b", "context=8192", "--repeats", "3"],
    ["calc", "quantize", "seed-mlp", "--dataset", "iris", "--to", "int8", "--epochs", "0"],
    ["calc", "train", "seed-mlp", "--dataset", "iris", "--repeats", "51"],
    ["calc", "linear", "--dataset", "iris", "--l1", "0.1", "--l2", "0.1"],
    ["progress", "--csv", "--json"],
    ["calc", "serve", "llama-3.1-8b", "--instance", "ml.g5.2xlarge", "--gpu", "A10G"],
    ["calc", "serve", "llama-3.1-8b", "--gpus", "2"],
    ["calc", "quantize", "seed-mlp", "--dataset", "iris", "--to", "fp16", "--per-channel"],
    ["calc", "quantize", "seed-mlp", "--dataset", "iris", "--to", "int8", "--calibration", "0"],
    ["exam", "--questions", "0"],
  ]

  @Test func aConflictIsOneErrorLineBeforeAnyWork() {
    let blocks = errorLineTranscript(Self.conflicts)
    // Each line says what does not go together and how to fix it; none is a usage error
    // ending "lists its options".
    expectSnapshot(
      blocks,
      named: "conflicting-options",
      group: "CrossOptionValidationTests"
    )
  }

  @Test(arguments: conflicts)
  func theParserRefusesItWithoutRunning(words: [String]) {
    #expect(throws: (any Error).self) { _ = try Goldilocks.parseAsRoot(words) }
  }
}

/// Every training command shares `TrainingOptions`: the same flags, the same defaults
/// and the same weight-cache key as before.
@Suite struct SharedTrainingOptionsTests {
  static let commands: [[String]] = [
    ["calc", "train", "seed-mlp", "--dataset", "iris"],
    ["calc", "quantize", "seed-mlp", "--dataset", "iris", "--to", "int8"],
    ["calc", "prune", "seed-mlp", "--dataset", "iris", "--sparsity", "0.5"],
    ["calc", "sweep", "seed-mlp", "--vary", "width=1,2"],
    ["calc", "whatif", "seed-mlp", "width=x2"],
    ["calc", "export", "seed-mlp", "--out", "x.safetensors", "--dataset", "iris"],
    ["whatif", "width=x2"],
    ["calc", "augment", "--dataset", "digits"],
  ]

  private func training(of command: any ParsableCommand) -> TrainingOptions? {
    Mirror(reflecting: command).children.lazy.compactMap { child -> TrainingOptions? in
      Mirror(reflecting: child.value).descendant("_value") as? TrainingOptions
        ?? (child.value as? OptionGroup<TrainingOptions>)?.wrappedValue
    }.first
  }

  @Test(arguments: commands)
  func everyTrainingFlagParsesIntoTheSameRecipe(words: [String]) throws {
    let command = try Goldilocks.parseAsRoot(
      words + [
        "--epochs", "3", "--batch", "16", "--optimizer", "sgd", "--lr", "0.05", "--l2", "0.001",
      ]
    )
    let options = try #require(training(of: command), "\(type(of: command)) has TrainingOptions")
    #expect(
      options.recipe(seed: 7)
        == TrainingRecipe(
          epochs: 3,
          batchSize: 16,
          optimizer: "sgd",
          learningRate: 0.05,
          l2: 0.001,
          seed: 7
        )
    )
  }

  @Test(arguments: commands)
  func withoutFlagsTheRecipeAndCacheKeyAreTheOldDefaults(words: [String]) throws {
    let command = try Goldilocks.parseAsRoot(words)
    let options = try #require(training(of: command))
    // quantize, prune, sweep, whatif and augment trained with `TrainingRecipe(epochs: 5, seed:)`.
    #expect(options.recipe(seed: 42).key == TrainingRecipe(epochs: 5, seed: 42).key)
    #expect(options.recipe(seed: 42).key == "e5-b32-adam-lr0.001-l1_0.0-l2_0.0-s42")
  }

  @Test func distillSharesTheOptionsAndKeepsItsTenEpochs() throws {
    let words = [
      "calc", "distill", "--teacher", "teacher", "--student", "student", "--dataset", "mnist",
    ]
    let command = try #require(try Goldilocks.parseAsRoot(words) as? CalcDistillCommand)
    // Distill trained with `TrainingRecipe(epochs: 10, batchSize: 32, seed:)` before.
    #expect(
      command.training.recipe(seed: 42, defaultEpochs: CalcDistillCommand.defaultEpochs).key
        == TrainingRecipe(epochs: 10, batchSize: 32, seed: 42).key
    )
    let flagged = try #require(
      try Goldilocks.parseAsRoot(words + ["--epochs", "3", "--batch", "64", "--lr", "0.002"])
        as? CalcDistillCommand
    )
    #expect(
      flagged.training.recipe(seed: 1, defaultEpochs: CalcDistillCommand.defaultEpochs)
        == TrainingRecipe(epochs: 3, batchSize: 64, learningRate: 0.002, seed: 1)
    )
    let help = runCommand(["help", "calc", "distill"]).out
    #expect(help.contains("(default 5; 10 for"), "\(help)")
    #expect(help.contains("--batch <batch>"))
  }

  @Test(arguments: ["quantize", "prune", "sweep", "whatif", "augment"])
  func helpDocumentsEpochsWithDefaultFive(command: String) {
    let help = runCommand(["help", "calc", command]).out
    #expect(help.contains("--epochs <epochs>"), "\(help)")
    #expect(help.contains("Passes over the training split (default 5;"), "\(help)")
    #expect(help.contains("--optimizer <optimizer>"))
  }
}

/// Commands read the time from the session's clock, never from `Date()`.
@Suite struct ClockSeamTests {
  @Test func noCommandReadsTheWallClockItself() throws {
    let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Sources/GoldilocksCommands")
    let files = try #require(FileManager.default.enumerator(atPath: sources.path))
    var offenders: [String] = []
    for case let file as String in files where file.hasSuffix(".swift") {
      let text = try String(contentsOfFile: sources.path + "/" + file, encoding: .utf8)
      for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false)
        .enumerated()
      where !line.trimmingCharacters(in: .whitespaces).hasPrefix("//")
        && (line.contains("Date()") || line.contains("Date.now")
          || line.contains("SystemTimeSource()"))
      {
        offenders.append("\(file):\(number + 1)")
      }
    }
    // The session's default clock is the one place the system time enters.
    #expect(offenders == ["Session.swift:\(try Self.sessionClockLine(sources))"])
  }

  private static func sessionClockLine(_ sources: URL) throws -> Int {
    let text = try String(contentsOfFile: sources.path + "/Session.swift", encoding: .utf8)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    return (lines.firstIndex { $0.contains("SystemTimeSource()") } ?? -1) + 1
  }

  @Test func exportStampsTheArchiveWithTheSessionClock() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let clock = FixedClock()
    let output = BufferedOutput()
    let session = Session(
      output: output,
      environment: [
        "GOLDILOCKS_DB": folder.file("p.sqlite"), "NO_COLOR": "1", "HOME": folder.path,
      ],
      lineReader: nil,
      isInteractive: false,
      isREPL: false,
      stdoutIsTerminal: false
    )
    session.clock = clock
    #expect(
      CommandRunner.run(["export", folder.file("a.json")], in: session) == 0,
      "\(output.standardError)"
    )
    let data = try #require(FileManager.default.contents(atPath: folder.file("a.json")))
    let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    #expect((json["exportedAt"] as? Double) == clock.now.timeIntervalSince1970)
  }

  @Test func profilesAreCreatedAtTheSessionClocksTime() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let clock = FixedClock(Date(timeIntervalSince1970: 1_600_000_000))
    let session = Session(
      output: BufferedOutput(),
      environment: [
        "GOLDILOCKS_DB": folder.file("p.sqlite"), "NO_COLOR": "1", "HOME": folder.path,
      ],
      lineReader: nil,
      isInteractive: false,
      isREPL: false,
      stdoutIsTerminal: false
    )
    session.clock = clock
    #expect(CommandRunner.run(["profile", "create", "alice"], in: session) == 0)
    // `progress` creates the default profile on first use.
    #expect(CommandRunner.run(["progress", "--json"], in: session) == 0)
    let store = try session.store(at: folder.file("p.sqlite"))
    let profiles = try store.profiles()
    #expect(Set(profiles.map(\.name)) == ["alice", "default"])
    #expect(profiles.allSatisfy { $0.createdAt == clock.now })
  }

  @Test func anExperimentIsRecordedAtTheSessionClocksTime() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let clock = FixedClock(Date(timeIntervalSince1970: 1_700_000_000))
    let session = Session(
      output: BufferedOutput(),
      environment: [
        "GOLDILOCKS_DB": folder.file("p.sqlite"), "NO_COLOR": "1", "HOME": folder.path,
      ],
      lineReader: nil,
      isInteractive: false,
      isREPL: false,
      stdoutIsTerminal: false
    )
    session.clock = clock
    let words = ["calc", "tree", "--dataset", "iris", "--max-depth", "2", "--runs", "10"]
    #expect(CommandRunner.run(words, in: session) == 0)
    let store = try session.store(at: folder.file("p.sqlite"))
    let profile = try store.profile(named: "default")
    let experiments = try store.experiments(profileId: profile.id ?? 0, limit: 10)
    #expect(experiments.map(\.createdAt) == [clock.now])
  }
}

/// `Session` is shared between the REPL and the commands it runs; its mutable fields are
/// read and written under its lock.
@Suite struct SessionStateTests {
  private func session() -> Session {
    Session(
      output: BufferedOutput(),
      environment: [:],
      lineReader: nil,
      isInteractive: false,
      isREPL: true,
      stdoutIsTerminal: false
    )
  }

  @Test func concurrentWritersAndReadersSeeWholeValues() async {
    let session = session()
    await withTaskGroup(of: Void.self) { group in
      for index in 0..<200 {
        group.addTask {
          session.lastSpec = "dense(\(index))"
          var defaults = GlobalDefaults()
          defaults.seed = UInt64(index)
          defaults.profile = "p\(index)"
          session.defaults = defaults
          _ = session.lastSpec
          let read = session.defaults
          // A torn write would pair one writer's seed with another's profile.
          #expect(read.profile == read.seed.map { "p\($0)" })
        }
      }
    }
    #expect(session.lastSpec?.hasPrefix("dense(") == true)
  }

  @Test func aCapturingCopySharesStateButNotTheOpenSection() throws {
    let session = session()
    session.lastSpec = "seed-mlp"
    var defaults = GlobalDefaults()
    defaults.seed = 9
    session.defaults = defaults
    let clock = FixedClock()
    session.clock = clock
    let copy = session.with(output: BufferedOutput())
    #expect(copy.lastSpec == "seed-mlp")
    #expect(copy.defaults.seed == 9)
    #expect(copy.clock.now == clock.now)
    #expect(copy.exchangeOpenSection(nil) == nil)
  }
}
