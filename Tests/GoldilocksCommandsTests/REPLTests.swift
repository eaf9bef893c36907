import Foundation
import GoldilocksCommands
import ProgressStore
import Terminal
import Testing
import _TestSupport

@Suite struct REPLTests {
  func session(output: BufferedOutput, reader: ScriptedLineReader, db: String) -> Session {
    Session(
      output: output,
      environment: ["GOLDILOCKS_DB": db, "NO_COLOR": "1", "HOME": NSTemporaryDirectory()],
      lineReader: reader,
      isInteractive: false,
      isREPL: true,
      stdoutIsTerminal: false
    )
  }

  @Test func scriptedLinesRunAsCommandsAndBadLinesDoNotStopTheLoop() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let db = folder.file("progress.sqlite")
    let reader = ScriptedLineReader([
      "help", "progress", "bogus", "profile create alice", "profile list", "calc train", "quit",
      "progress",
    ])
    let output = BufferedOutput()
    REPL.run(reader: reader, session: session(output: output, reader: reader, db: db))
    // The help text, the empty profile's progress, "Created profile 'alice'" and the list
    // marking the current profile; then the error lines of `bogus` and of `calc train`.
    expectSnapshot(output.standardOutput, named: "scripted-lines-stdout", group: "REPLTests")
    expectSnapshot(output.standardError, named: "scripted-lines-stderr", group: "REPLTests")
    // `quit` ends the loop: the last `progress` is never read.
    #expect(reader.prompts.count == 7)
    #expect(reader.history.count == 7)
    let store = try ProgressStore.open(path: db)
    #expect(try store.profiles().map(\.name) == ["alice", "default"])
  }

  @Test func endOfInputEndsTheLoop() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let reader = ScriptedLineReader(["progress --json"])
    let output = BufferedOutput()
    REPL.run(
      reader: reader,
      session: session(output: output, reader: reader, db: folder.file("p.sqlite"))
    )
    let json = try JSONSerialization.jsonObject(with: Data(output.standardOutput.utf8))
    let object = try #require(json as? [String: Any])
    #expect(object["profile"] as? String == "default")
    #expect(object["sections_read"] as? Int == 0)
  }

  @Test func userErrorsPrintOneErrorLine() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let reader = ScriptedLineReader(["profile delete nobody --yes", "calc summary 'unclosed"])
    let output = BufferedOutput()
    REPL.run(
      reader: reader,
      session: session(output: output, reader: reader, db: folder.file("p.sqlite"))
    )
    #expect(output.standardError.split(separator: "\n").count == 2)
    expectSnapshot(output.standardError, named: "user-error-lines", group: "REPLTests")
  }

  @Test func deletingAProfileWithoutATerminalNeedsYes() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let reader = ScriptedLineReader([
      "profile create bob", "profile delete bob", "profile list", "profile delete bob --yes",
      "profile list",
    ])
    let output = BufferedOutput()
    REPL.run(
      reader: reader,
      session: session(output: output, reader: reader, db: folder.file("p.sqlite"))
    )
    // Refused without --yes (bob still listed), then deleted.
    expectSnapshot(output.standardOutput, named: "delete-profile-stdout", group: "REPLTests")
    expectSnapshot(output.standardError, named: "delete-profile-stderr", group: "REPLTests")
  }
}

@Suite struct CommandLineSplitterTests {
  @Test(arguments: [
    ("calc summary seed-mlp", ["calc", "summary", "seed-mlp"]),
    ("calc summary 'input(784) dense(10)'", ["calc", "summary", "input(784) dense(10)"]),
    ("read \"why size\"  matters", ["read", "why size", "matters"]),
    ("a\\ b c", ["a b", "c"]),
    ("  ", []),
  ])
  func splitsLikeAShell(line: String, words: [String]) throws {
    #expect(try CommandLineSplitterProbe.split(line) == words)
  }
}

@Suite struct CompletionTests {
  @Test func firstWordCompletesCommandNames() {
    let candidates = CompletionProbe.candidates(before: "", word: "pr")
    #expect(candidates == ["profile", "progress"])
  }

  @Test func argumentsCompleteWithPresetsDatasetsSectionsAndTopics() {
    #expect(
      CompletionProbe.candidates(before: "calc summary ", word: "seed-") == [
        "seed-cnn", "seed-mlp",
      ]
    )
    #expect(
      CompletionProbe.candidates(before: "calc train seed-mlp --dataset ", word: "m") == ["mnist"]
    )
    #expect(CompletionProbe.candidates(before: "read ", word: "prune-").contains("prune-magnitude"))
    #expect(CompletionProbe.candidates(before: "quiz --topic ", word: "quant") == ["quantization"])
  }

  @Test func subcommandsCompleteAfterTheirGroup() {
    #expect(CompletionProbe.candidates(before: "calc ", word: "s").contains("summary"))
    #expect(CompletionProbe.candidates(before: "profile ", word: "").contains("switch"))
  }
}
