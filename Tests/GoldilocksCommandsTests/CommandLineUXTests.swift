import Foundation
import ProgressStore
import Terminal
import Testing
import _TestSupport

@testable import GoldilocksCommands

@Suite struct UnknownCommandTests {
  @Test func aMisspeltCommandIsNamedWithTheNearestOne() {
    let result = runCommand(["quizz"])
    #expect(result.status == 2)
    #expect(result.err == "error: unknown command `quizz`; did you mean `quiz`?\n")
    #expect(result.out.isEmpty)
  }

  @Test func aMisspeltSubcommandIsNamedWithItsParent() {
    let result = runCommand(["calc", "summery", "seed-mlp"])
    #expect(result.status == 2)
    #expect(result.err == "error: unknown command `calc summery`; did you mean `calc summary`?\n")
  }

  @Test func optionsBeforeTheCommandAndTheirValuesAreSkipped() {
    #expect(UnknownCommand.find(in: ["--db", "x.sqlite", "--json", "quizz"])?.typed == ["quizz"])
    #expect(UnknownCommand.find(in: ["--db", "quiz", "toc"]) == nil)
    #expect(UnknownCommand.find(in: ["read", "anything", "at", "all"]) == nil)
    #expect(UnknownCommand.find(in: ["help", "quiz"]) == nil)
    #expect(UnknownCommand.find(in: ["calc", "schedule", "constant", "--end", "-1"]) == nil)
  }

  /// The start-up shortcut: a line that names commands down to one without subcommands
  /// skips building the catalog, and only when the catalog would find nothing unknown.
  @Test(arguments: [
    (["calc", "summary", "gpt3-175b"], true),
    (["calc", "summary", "seed-mlp", "--seed", "-1"], true),
    (["read", "anything", "at", "all"], true),
    (["calc", "schedule", "constant", "--end", "-1"], true),
    (["calc", "summery", "seed-mlp"], false),
    (["calc"], false),
    (["quizz"], false),
    (["--db", "x.sqlite", "--json", "quizz"], false),
    (["help", "quiz"], false),
    ([], false),
  ])
  func aLineNamingALeafCommandNeedsNoCatalog(words: [String], leaf: Bool) {
    #expect(UnknownCommand.namesACommandWithoutSubcommands(words) == leaf)
    if leaf { #expect(UnknownCommand.find(in: words) == nil) }
  }

  @Test func aUsageErrorIsOneErrorLineSayingWhereTheOptionsAre() {
    let cases: [[String]] = [
      ["calc", "summary", "seed-mlp", "--seed", "-1"], ["quiz", "--count", "x"],
      ["calc", "train", "seed-mlp"], ["exam", "--bogus"],
    ]
    var lines: [String] = []
    for words in cases {
      let result = runCommand(words)
      #expect(result.status == 2, "\(words)")
      #expect(result.out.isEmpty, "\(words)")
      #expect(result.err.split(separator: "\n").count == 1, "\(result.err)")
      lines.append(transcript(words, result))
    }
    // Each line ends "`help <command>` lists its options", with no usage block.
    expectSnapshot(lines.joined(), named: "usage-error-lines", group: "CommandLineUXTests")
  }

  @Test func aWordFarFromEveryCommandGetsAPointerToHelp() {
    let unknown = UnknownCommand.find(in: ["xylophone"])
    #expect(unknown?.suggestion == nil)
    #expect(unknown?.description == "unknown command `xylophone`; `help` lists the commands")
  }

  @Test func theREPLSaysTheSame() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let reader = ScriptedLineReader(["quizz", "calc summery seed-mlp"])
    let output = BufferedOutput()
    let session = Session(
      output: output,
      environment: ["GOLDILOCKS_DB": folder.file("p.sqlite"), "NO_COLOR": "1"],
      lineReader: reader,
      isInteractive: false,
      isREPL: true,
      stdoutIsTerminal: false
    )
    REPL.run(reader: reader, session: session)
    #expect(
      output.standardError
        == "error: unknown command `quizz`; did you mean `quiz`?\n"
        + "error: unknown command `calc summery`; did you mean `calc summary`?\n"
    )
  }
}

@Suite struct HelpLayoutTests {
  @Test func aCommandsOwnOptionsComeFirstAndTheGlobalOnesOnceAtTheEnd() throws {
    let result = runCommand(["help", "quiz"])
    #expect(result.status == 0)
    let text = result.out
    let own = try #require(text.range(of: "--count <count>"))
    let globalHeader = try #require(text.range(of: "GLOBAL OPTIONS"))
    let db = try #require(
      text.range(of: "--db <path>", range: globalHeader.upperBound..<text.endIndex)
    )
    #expect(own.lowerBound < globalHeader.lowerBound)
    #expect(globalHeader.upperBound <= db.lowerBound)
    #expect(text.components(separatedBy: "--db <path>").count == 2)
    #expect(text.components(separatedBy: "--seed <n>").count == 2)
    let usage = try #require(text.split(separator: "\n").first { $0.hasPrefix("USAGE:") })
    #expect(!usage.contains("--db"))
    #expect(usage.hasSuffix("[<global options>]"))
  }

  @Test func everyCommandsHelpPutsTheGlobalOptionsLast() {
    for path in [["toc"], ["calc", "train"], ["demo"], ["profile", "delete"], ["read"]] {
      let result = runCommand(path + ["--help"])
      #expect(result.status == 0)
      let lines = result.out.split(separator: "\n").map(String.init)
      let header = lines.firstIndex { $0.hasPrefix("GLOBAL OPTIONS") }
      let db = lines.firstIndex { $0.hasPrefix("  --db ") }
      #expect(header != nil && db != nil && header! < db!, "\(path)")
      #expect(lines.filter { $0.hasPrefix("  --json") }.count == 1, "\(path)")
    }
  }
}

@Suite struct SubcommandCompletionTests {
  let provider = CompletionProvider.standard()

  @Test func aSubcommandsOwnOptionsAreOffered() {
    let quiz = provider.candidates(lineBeforeWord: "quiz ", word: "--c")
    #expect(quiz == ["--count"])
    let train = provider.candidates(lineBeforeWord: "calc train seed-mlp ", word: "--")
    #expect(train.contains("--dataset"))
    #expect(train.contains("--epochs"))
    #expect(train.contains("--optimizer"))
    #expect(train.contains("--json"))
    // The command's own options before the global ones.
    let epochs = train.firstIndex(of: "--epochs")!
    let db = train.firstIndex(of: "--db")!
    #expect(epochs < db)
  }

  @Test func optionValuesAreOffered() {
    #expect(
      provider.candidates(lineBeforeWord: "calc time seed-mlp --precision ", word: "") == [
        "fp16", "fp32", "int8",
      ]
    )
    #expect(
      provider.candidates(lineBeforeWord: "calc quantize seed-mlp --to ", word: "int")
        == ["int4", "int8"]
    )
    #expect(
      provider.candidates(lineBeforeWord: "calc train seed-mlp --optimizer ", word: "")
        == ["adam", "sgd"]
    )
    #expect(
      provider.candidates(lineBeforeWord: "calc train seed-mlp --dataset ", word: "mn")
        == ["mnist"]
    )
    #expect(provider.candidates(lineBeforeWord: "quiz --exam ", word: "") == ["c01", "c02"])
    #expect(
      provider.candidates(lineBeforeWord: "calc quantize seed-mlp ", word: "--to=i")
        == ["--to=int4", "--to=int8"]
    )
  }

  @Test func presetsScenariosAndDemosAreOffered() {
    #expect(
      provider.candidates(lineBeforeWord: "calc summary ", word: "seed-").contains("seed-mlp")
    )
    #expect(
      provider.candidates(lineBeforeWord: "demo ", word: "")
        == ["accuracy-vs-size", "compression-lab", "model-size-basics"]
    )
    #expect(!provider.candidates(lineBeforeWord: "scenario ", word: "").isEmpty)
    #expect(provider.candidates(lineBeforeWord: "help ", word: "qu").contains("quiz"))
    #expect(provider.candidates(lineBeforeWord: "calc ", word: "sum") == ["summary"])
  }
}

@Suite struct DemoSafetyTests {
  /// `text` with the fresh folder of `demo(_:)`'s lesson file masked: its name differs on
  /// each run.
  func maskingTemporaryDemoFolder(_ text: String) -> String {
    text.replacingOccurrences(
      of: NSTemporaryDirectory() + #"goldilocks-test-[0-9A-F-]+/"#,
      with: "<tmp>/",
      options: .regularExpression
    )
  }

  func demo(_ text: String, _ extra: [String] = [], db: String? = nil) throws -> (
    status: Int32, out: String, err: String
  ) {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let file = folder.file("lesson.demo")
    try text.write(toFile: file, atomically: true, encoding: .utf8)
    return runCommand(["demo", file, "--auto", "0"] + extra, db: db)
  }

  @Test func aResetLineIsRefusedAndProgressIsKept() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let db = folder.file("p.sqlite")
    _ = runCommand(["quiz", "--all", "--count", "2", "--seed", "3"], db: db, input: ["A", "A"])
    let store = try ProgressStore.open(path: db)
    let id = try #require(try store.profile(named: "default").id)
    let before = try store.attempts(profileId: id).count
    #expect(before == 2)
    let result = try demo("title: t\n> hello\nreset --all --yes\n", db: db)
    #expect(result.status == 1)
    #expect(result.out.isEmpty, "nothing runs before the check")
    // lesson.demo:3 is named, with --allow-writes as the way to let it write.
    expectSnapshot(
      maskingTemporaryDemoFolder(result.err),
      named: "demo-reset-line-refused",
      group: "CommandLineUXTests"
    )
    #expect(try store.attempts(profileId: id).count == before)
  }

  @Test func writingLinesNeedAllowWrites() throws {
    var refusals: [String] = []
    for line in [
      "export progress.json", "import x.json", "profile delete bob --yes", "quiz --count 1",
      "calc export seed-mlp --format safetensors --out m.safetensors",
      "calc sweep seed-mlp --vary width=8,16 --csv out.csv", "toc --db other.sqlite",
    ] {
      let result = try demo(line + "\n")
      #expect(result.status == 1, "\(line)")
      #expect(result.out.isEmpty, "\(line)")
      refusals.append("> " + line + "\n" + maskingTemporaryDemoFolder(result.err))
    }
    // Each refusal names line 1 of the demo and --allow-writes.
    expectSnapshot(
      refusals.joined(),
      named: "demo-writing-lines-refused",
      group: "CommandLineUXTests"
    )
    let allowed = try demo("profile create demo-learner\n", ["--allow-writes"])
    #expect(allowed.status == 0, "\(allowed.err)")
    expectSnapshot(allowed.out, named: "demo-allowed-write", group: "CommandLineUXTests")
  }

  @Test func aFileThatIsNotADemoIsRefusedAtItsFirstNonStepLine() throws {
    let result = try demo("# Goldilocks\n\nGoldilocks is a study tool.\n> narration\n")
    #expect(result.status == 1)
    #expect(result.out.isEmpty)
    expectSnapshot(
      maskingTemporaryDemoFolder(result.err),
      named: "demo-not-a-demo",
      group: "CommandLineUXTests"
    )
  }

  @Test func anUnclosedQuoteIsReportedWithFileAndLine() throws {
    let result = try demo("> one\ncalc summary 'input(3) dense(2)\n")
    #expect(result.status == 1)
    expectSnapshot(
      maskingTemporaryDemoFolder(result.err),
      named: "demo-unclosed-quote",
      group: "CommandLineUXTests"
    )
  }

  @Test func autoMustBeAFiniteSaneNumberOfSeconds() {
    var runs: [String] = []
    for value in ["inf", "nan", "-1", "1e300", "601"] {
      let words = ["demo", "model-size-basics", "--auto", value]
      let result = runCommand(words)
      #expect(result.status == 1, "\(value)")
      #expect(result.out.isEmpty, "\(value): the demo does not start")
      runs.append(transcript(words, result))
    }
    expectSnapshot(runs.joined(), named: "demo-bad-auto", group: "CommandLineUXTests")
  }

  @Test func aFolderOrAFIFOIsRefusedWithoutHanging() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let fifo = folder.file("pipe.demo")
    #expect(mkfifo(fifo, 0o600) == 0)
    for path in [folder.path, fifo, "/dev/zero"] {
      let result = runCommand(["demo", path, "--auto", "0"])
      #expect(result.status == 1, "\(path)")
      #expect(result.err.hasPrefix("error: \(path) is not a regular file"), "\(result.err)")
    }
  }

  @Test func noArgumentListsTheShippedDemos() {
    let result = runCommand(["demo"])
    #expect(result.status == 0, "\(result.err)")
    expectSnapshot(result.out, named: "demo-list", group: "CommandLineUXTests")
  }

  @Test func theShippedDemosPassTheCheck() throws {
    let root = try ContentLocator.root(environment: [:])
    for name in DemoCommand.shippedNames(in: root + "/content/demos") {
      let text = try String(contentsOfFile: root + "/content/demos/\(name).demo", encoding: .utf8)
      #expect(throws: Never.self) { try DemoScript.parse(text, file: name) }
    }
  }
}

@Suite struct WordingTests {
  @Test func anEndlessDrillDoesNotClaimATotal() {
    let result = runCommand(["drill", "--seed", "4"], input: ["skip", "skip", "quit"])
    #expect(result.status == 0)
    // "Question 3 · …", never "Question 3 of …".
    expectSnapshot(result.out, named: "drill-endless", group: "CommandLineUXTests")
    let counted = runCommand(["drill", "--seed", "4", "--count", "2"], input: ["skip", "skip"])
    #expect(counted.status == 0)
    expectSnapshot(counted.out, named: "drill-of-two", group: "CommandLineUXTests")
  }

  @Test func countsUseTheSingularForOne() {
    #expect(Plural.count(1, "answer") == "1 answer")
    #expect(Plural.count(0, "answer") == "0 answers")
    #expect(Plural.count(2, "try line") == "2 try lines")
  }

  @Test func progressSaysOneAnswer() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let db = folder.file("p.sqlite")
    // A fixed clock: the time spent, the streak and readiness come from it.
    let clock = FixedClock()
    _ = runCommand(
      ["quiz", "--all", "--count", "1", "--seed", "3"],
      db: db,
      input: ["A"],
      clock: clock
    )
    let result = runCommand(["progress"], db: db, clock: clock)
    #expect(result.status == 0, "\(result.err)")
    // "(1 answer)", not "(1 answers)".
    expectSnapshot(result.out, named: "progress-after-one-answer", group: "CommandLineUXTests")
  }
}
