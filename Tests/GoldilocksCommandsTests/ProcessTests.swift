import Engine
import Foundation
import ProgressStore
import Testing
import _TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// Drives the real `goldilocks` executable as a user or a script would.
@Suite(.serialized) struct ProcessTests {
  let executable: String

  init() throws {
    executable = try #require(
      ProductLocator.executable(),
      "the goldilocks executable was not built next to the tests"
    )
  }

  @Test func pipedInputRunsHelpAndProgressWithoutPrompts() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let db = folder.file("x.sqlite")
    let result = try ProcessRunner.run(
      executable,
      ["--db", db],
      input: "help\nprogress\nquit\n",
      environment: ["HOME": folder.path, "COLUMNS": "1000"]
    )
    #expect(result.status == 0)
    // The help text and the new profile's progress, with no `goldilocks>` prompt between.
    expectSnapshot(result.standardOutput, named: "piped-help-and-progress", group: "ProcessTests")
    #expect(result.standardError.isEmpty)
    #expect(FileManager.default.fileExists(atPath: db))
  }

  @Test func aCorruptDatabaseGivesOneErrorLineExitOneAndIsUntouched() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let db = folder.file("broken.sqlite")
    var bytes = Data("SQLite format 3\u{0}".utf8)
    bytes.append(Data(repeating: 0xAB, count: 4096))
    try bytes.write(to: URL(fileURLWithPath: db))
    let result = try ProcessRunner.run(executable, ["--db", db, "progress"])
    #expect(result.status == 1)
    let lines = result.standardError.split(separator: "\n")
    #expect(lines.count == 1)
    #expect(lines.first?.hasPrefix("error: \(db)") == true)
    #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == bytes)
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["broken.sqlite"])
  }

  @Test func anExportTrainedOnADatasetItDoesNotFitGivesOneErrorLineAndNoFile() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let out = folder.file("m.safetensors")
    let result = try ProcessRunner.run(
      executable,
      [
        "--db", folder.file("p.sqlite"), "calc", "export", "input(784) dense(10)", "--out", out,
        "--dataset", "iris",
      ],
      environment: ["HOME": folder.path, "XDG_DATA_HOME": folder.file("data")]
    )
    #expect(result.status == 1)
    #expect(
      result.standardError
        == "error: the spec's input (784) does not fit dataset 'iris', whose examples have shape (4); start the spec with input(4)\n"
    )
    #expect(result.standardOutput.isEmpty)
    #expect(!FileManager.default.fileExists(atPath: out))
    let left = try FileManager.default.contentsOfDirectory(atPath: folder.path)
    #expect(!left.contains { $0.hasSuffix(".tmp") || $0.hasSuffix(".safetensors") })
  }

  @Test func anExportStoppedWithCtrlCWhileTrainingWritesNothingAndSaysSo() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let out = folder.file("m.safetensors")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = [
      "--db", folder.file("p.sqlite"), "calc", "export", "input(64) dense(32,relu) dense(10)",
      "--out", out, "--dataset", "digits", "--epochs", "1000", "--batch", "1", "--json",
    ]
    var environment = ProcessInfo.processInfo.environment
    environment["XDG_DATA_HOME"] = folder.file("data")
    environment["NO_COLOR"] = "1"
    process.environment = environment
    let stdout = Pipe()
    let stderr = Pipe()
    process.standardOutput = stdout
    process.standardError = stderr
    try process.run()
    // With --json the epoch lines go to stderr; stop after the first one, as Ctrl-C does.
    var seen = ""
    let deadline = Date().addingTimeInterval(60)
    while !seen.contains("epoch 1/1000") && Date() < deadline {
      let chunk = stderr.fileHandleForReading.availableData
      if chunk.isEmpty { break }
      seen += String(decoding: chunk, as: UTF8.self)
    }
    process.interrupt()
    seen += String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    let output = stdout.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    #expect(process.terminationStatus == 1)
    #expect(output.isEmpty)
    let errors = seen.split(separator: "\n").filter { $0.hasPrefix("error: ") }
    #expect(errors.count == 1)
    #expect(errors.first?.contains("of 1000 epochs, so nothing was written to \(out)") == true)
    #expect(seen.contains("Stopped after"))
    #expect(!FileManager.default.fileExists(atPath: out))
    let cache = folder.file("data/goldilocks/cache")
    #expect(((try? FileManager.default.contentsOfDirectory(atPath: cache)) ?? []).isEmpty)
    let left = try FileManager.default.contentsOfDirectory(atPath: folder.path)
    #expect(!left.contains { $0.hasSuffix(".tmp") || $0.hasSuffix(".safetensors") })
  }

  @Test func aUsageErrorExitsTwo() throws {
    let result = try ProcessRunner.run(executable, ["progress", "--frobnicate"])
    #expect(result.status == 2)
    #expect(result.standardError.hasPrefix("error: unknown option '--frobnicate'"))
    #expect(result.standardError.split(separator: "\n").count == 1)
  }

  @Test func twoProcessesWritingAtOnceBothSucceed() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let db = folder.file("shared.sqlite")
    let scripts = (0..<2).map { worker in
      (0..<30).map { "profile create p\(worker)-\($0)" }.joined(separator: "\n") + "\n"
    }
    let results = ResultBox()
    DispatchQueue.concurrentPerform(iterations: 2) { worker in
      results.set(
        worker,
        Result { try ProcessRunner.run(executable, ["--db", db], input: scripts[worker]) }
      )
    }
    for worker in 0..<2 {
      let result = try results.get(worker).get()
      #expect(result.status == 0)
      #expect(result.standardError.isEmpty, "\(result.standardError)")
    }
    let store = try ProgressStore.open(path: db)
    #expect(try store.profiles().count == 60)
  }

  @Test func aWriteTheUserWasToldAboutSurvivesSIGKILL() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let db = folder.file("durable.sqlite")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = ["--db", db]
    let stdin = Pipe()
    let stdout = Pipe()
    process.standardInput = stdin
    process.standardOutput = stdout
    process.standardError = Pipe()
    try process.run()
    stdin.fileHandleForWriting.write(Data("profile create survivor\n".utf8))
    // Wait until the process has told us about the write, then kill it without warning.
    var seen = ""
    let deadline = Date().addingTimeInterval(30)
    while !seen.contains("Created profile 'survivor'") && Date() < deadline {
      let chunk = stdout.fileHandleForReading.availableData
      if chunk.isEmpty { break }
      seen += String(decoding: chunk, as: UTF8.self)
    }
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    #expect(seen.contains("Created profile 'survivor'"))
    #expect(process.terminationReason == .uncaughtSignal)
    let store = try ProgressStore.open(path: db)
    #expect(try store.profiles().map(\.name).contains("survivor"))
  }

  /// `calc time` names the float kernel the process chose, and `GOLDILOCKS_FLOAT_KERNEL=avx2`
  /// switches a process to the AVX2 kernel (set per process: the choice is read once).
  @Test func calcTimeNamesTheFloatKernelThatRanAndTheSwitchForcesAVX2() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let words = ["--db", folder.file("p.sqlite"), "calc", "time", "seed-mlp", "--runs", "20"]
    let forced = try ProcessRunner.run(
      executable,
      words,
      environment: ["HOME": folder.path, "GOLDILOCKS_FLOAT_KERNEL": "avx2"]
    )
    #expect(forced.status == 0)
    #expect(forced.standardOutput.contains("\nfloat kernel: \(Gemm.Kernel.avx2.summary)\n"))
    // An empty value asks for nothing: the process picks what the processor runs.
    let chosen = try ProcessRunner.run(
      executable,
      words,
      environment: ["HOME": folder.path, "GOLDILOCKS_FLOAT_KERNEL": ""]
    )
    let expected: Gemm.Kernel = Gemm.Kernel.avx512.isAvailable ? .avx512 : .avx2
    #expect(chosen.status == 0)
    #expect(chosen.standardOutput.contains("\nfloat kernel: \(expected.summary)\n"))
    #expect(chosen.standardError.isEmpty && forced.standardError.isEmpty)
  }
}

extension ProcessTests {
  @Test func aQuizKilledMidwayKeepsEveryAnswerGivenBeforeTheKill() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let db = folder.file("quiz.sqlite")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = ["--db", db, "quiz", "--topic", "pruning", "--count", "5", "--seed", "1"]
    let stdin = Pipe()
    let stdout = Pipe()
    process.standardInput = stdin
    process.standardOutput = stdout
    process.standardError = Pipe()
    try process.run()
    // Answer two questions, then kill the process while the third one waits for input.
    stdin.fileHandleForWriting.write(Data("skip\nskip\n".utf8))
    var seen = ""
    let deadline = Date().addingTimeInterval(60)
    while seen.components(separatedBy: "Question 3 of 5").count < 2 && Date() < deadline {
      let chunk = stdout.fileHandleForReading.availableData
      if chunk.isEmpty { break }
      seen += String(decoding: chunk, as: UTF8.self)
    }
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    #expect(seen.contains("Question 3 of 5"))
    let store = try ProgressStore.open(path: db)
    let profile = try store.profile(named: "default")
    let attempts = try store.attempts(profileId: try #require(profile.id))
    #expect(attempts.count == 2)
    #expect(try store.cards(profileId: try #require(profile.id)).count == 2)
  }
}

/// Results of concurrent workers, by index.
final class ResultBox: @unchecked Sendable {
  private let lock = NSLock()
  private var results: [Int: Result<ProcessResult, any Error>] = [:]

  func set(_ index: Int, _ result: Result<ProcessResult, any Error>) {
    lock.lock()
    results[index] = result
    lock.unlock()
  }

  func get(_ index: Int) -> Result<ProcessResult, any Error> {
    lock.lock()
    defer { lock.unlock() }
    return results[index] ?? .failure(CocoaError(.featureUnsupported))
  }
}
