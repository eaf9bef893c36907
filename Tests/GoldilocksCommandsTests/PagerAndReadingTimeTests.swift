import Curriculum
import Foundation
import ProgressStore
import Terminal
import Testing
import _TestSupport

@testable import GoldilocksCommands

@Suite struct PagerTests {
  let text = (1...30).map { "line \($0)" }.joined(separator: "\n")

  func pager(_ answers: [String], output: BufferedOutput) -> Pager {
    Pager(
      output: output,
      color: ColorMode(isEnabled: false),
      rows: 11,
      keys: .lines(ScriptedLineReader(answers))
    )
  }

  @Test func spaceOrAnEmptyLineShowsTheNextPageToTheEnd() {
    let output = BufferedOutput()
    #expect(pager(["", " ", ""], output: output).show(text) == .reachedEnd)
    // Pages of 10 lines with their prompt, to line 30.
    expectSnapshot(output.standardOutput, named: "pages-to-the-end", group: "PagerTests")
  }

  @Test func quittingOnTheFirstPageIsReported() {
    let output = BufferedOutput()
    #expect(pager(["q"], output: output).show(text) == .stopped(onFirstPage: true))
    // Lines 1 to 10 and the prompt, nothing after.
    expectSnapshot(output.standardOutput, named: "quit-on-the-first-page", group: "PagerTests")
    let later = BufferedOutput()
    #expect(pager(["", "q"], output: later).show(text) == .stopped(onFirstPage: false))
    #expect(pager([], output: BufferedOutput()).show(text) == .stopped(onFirstPage: true))
  }

  @Test func backShowsThePreviousPageAgain() {
    let output = BufferedOutput()
    _ = pager(["", "b", "q"], output: output).show(text)
    // The first page twice, the second page between.
    expectSnapshot(output.standardOutput, named: "back-to-the-first-page", group: "PagerTests")
  }

  @Test func keysMapAsLessDoes() {
    #expect(KeyReader.key(for: UInt8(ascii: "q")) == .quit)
    #expect(KeyReader.key(for: UInt8(ascii: " ")) == .space)
    #expect(KeyReader.key(for: 0x0D) == .enter)
    #expect(KeyReader.key(for: UInt8(ascii: "b")) == .back)
    #expect(KeyReader.key(for: 0x03) == .interrupt)
  }

  @Test func noKeyReaderWithoutATerminal() throws {
    var ends: [Int32] = [0, 0]
    #expect(pipe(&ends) == 0)
    defer {
      close(ends[0])
      close(ends[1])
    }
    #expect(KeyReader(descriptor: ends[0]) == nil)
  }

  @Test func thePagerPrintsWholeWhenNotAtATerminal() {
    let output = BufferedOutput()
    let plain = Pager(output: output, color: ColorMode(isEnabled: false), rows: nil, keys: nil)
    #expect(plain.show(text) == .printedWhole)
    #expect(output.standardOutput == text + "\n")
  }
}

@Suite struct ReadingTimeTests {
  func session(db: String, clock: FixedClock, reader: ScriptedLineReader?, isREPL: Bool)
    -> (Session, BufferedOutput)
  {
    let output = BufferedOutput()
    let session = Session(
      output: output,
      environment: ["GOLDILOCKS_DB": db, "NO_COLOR": "1", "HOME": NSTemporaryDirectory()],
      lineReader: reader,
      isInteractive: false,
      isREPL: isREPL,
      stdoutIsTerminal: false
    )
    session.clock = clock
    return (session, output)
  }

  func secondsSpent(_ db: String) throws -> Double {
    let store = try ProgressStore.open(path: db)
    let id = try #require(try store.profile(named: "default").id)
    return try store.summary(profileId: id).secondsSpent
  }

  @Test func openingASectionFourTimesQuicklyCountsSeconds() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let db = folder.file("p.sqlite")
    let clock = FixedClock()
    for _ in 0..<4 {
      let (session, _) = self.session(db: db, clock: clock, reader: nil, isREPL: false)
      #expect(CommandRunner.run(["read"], in: session) == 0)
      clock.advance(by: 0.2)
    }
    #expect(try secondsSpent(db) < 1)
  }

  @Test func theREPLCountsTheTimeUntilTheNextCommand() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let db = folder.file("p.sqlite")
    let clock = FixedClock()
    final class TimedReader: LineReader, @unchecked Sendable {
      let clock: FixedClock
      var lines: [(String, TimeInterval)]
      init(clock: FixedClock, lines: [(String, TimeInterval)]) {
        self.clock = clock
        self.lines = lines
      }
      func readLine(prompt: String) -> String? {
        guard !lines.isEmpty else { return nil }
        let (line, wait) = lines.removeFirst()
        clock.advance(by: wait)
        return line
      }
    }
    // Read a section for 90 s, then another for 3 hours (capped), then leave.
    let reader = TimedReader(
      clock: clock,
      lines: [("read", 0), ("next", 90), ("progress", 3 * 3600)]
    )
    let (session, output) = self.session(db: db, clock: clock, reader: nil, isREPL: true)
    REPL.run(reader: reader, session: session)
    #expect(output.standardError.isEmpty, "\(output.standardError)")
    let spent = try secondsSpent(db)
    #expect(spent > 90)
    #expect(spent <= 90 + OpenSection.longestCountedSeconds)
    let store = try ProgressStore.open(path: db)
    let id = try #require(try store.profile(named: "default").id)
    #expect(try store.readSectionIds(profileId: id).count == 2)
  }

  @Test func theCapIsTwiceTheEstimateAndAtMostHalfAnHour() throws {
    let root = try ContentLocator.root(environment: [:])
    let library = try ContentLibrary.load(root: root)
    for section in library.sections.prefix(20) {
      let cap = OpenSection.cap(for: section, in: library)
      #expect(cap > 0 && cap <= OpenSection.longestCountedSeconds)
    }
    let open = OpenSection(
      read: SectionRead(profileId: 1, sectionId: "s", chapterId: "c", readAt: Date(), seconds: 0),
      openedAt: Date(timeIntervalSince1970: 1000),
      cap: 600,
      databasePath: ""
    )
    #expect(open.seconds(leftAt: Date(timeIntervalSince1970: 1100)) == 100)
    #expect(open.seconds(leftAt: Date(timeIntervalSince1970: 9000)) == 600)
    #expect(open.seconds(leftAt: Date(timeIntervalSince1970: 900)) == 0)
  }
}

/// Ctrl-C in the real executable: the handler only raises a flag; the REPL goes on.
@Suite(.serialized) struct InterruptTests {
  @Test func theREPLSurvivesRepeatedCtrlCAndStillRunsCommands() throws {
    let executable = try #require(ProductLocator.executable())
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = ["--db", folder.file("p.sqlite")]
    process.environment = ["HOME": folder.path, "NO_COLOR": "1", "PATH": "/usr/bin:/bin"]
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = Pipe()
    try process.run()
    input.fileHandleForWriting.write(Data("toc\n".utf8))
    var seen = ""
    let deadline = Date().addingTimeInterval(30)
    while !seen.contains("sections read") && Date() < deadline {
      let chunk = output.fileHandleForReading.availableData
      if chunk.isEmpty { break }
      seen += String(decoding: chunk, as: UTF8.self)
    }
    for _ in 0..<3 {
      process.interrupt()
      Thread.sleep(forTimeInterval: 0.1)
    }
    #expect(process.isRunning)
    input.fileHandleForWriting.write(Data("progress\nquit\n".utf8))
    try input.fileHandleForWriting.close()
    seen += String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationReason == .exit)
    #expect(process.terminationStatus == 0)
    #expect(seen.contains("Progress of profile 'default'"))
  }

  @Test func installingTheHandlerAgainChangesNothing() {
    InterruptFlag.installHandler()
    InterruptFlag.installHandler()
    #expect(InterruptFlag.isInstalled)
  }
}
