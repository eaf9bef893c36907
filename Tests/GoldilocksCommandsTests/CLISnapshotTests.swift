import Foundation
import Testing
import _TestSupport

@testable import GoldilocksCommands

/// Whole outputs that depend only on the code and the content, checked as snapshots.
///
/// Help texts, the summary tables of presets, error lines. Each is a file in `__Snapshots__/`; a change
/// shows as a diff, and `GOLDILOCKS_RECORD_SNAPSHOTS=1 swift test --filter CLISnapshot`
/// records the new output after a deliberate change.
@Suite struct CLISnapshotTests {
  @Test(arguments: [
    ["calc", "quantize"], ["calc", "prune"], ["calc", "time"], ["calc", "serve"],
    ["calc", "select"], ["calc", "tree"], ["export"], ["quiz"], ["exam"],
    ["calc", "regularize"], ["calc", "distill"], ["calc", "sweep"], ["review"], ["study"],
    ["class", "topic"],
  ])
  func helpText(path: [String]) {
    let result = runCommand(["help"] + path)
    #expect(result.status == 0)
    #expect(result.err.isEmpty)
    expectSnapshot(
      result.out,
      named: "help-" + path.joined(separator: "-"),
      group: "CLISnapshotTests"
    )
  }

  @Test(arguments: [
    ["seed-mlp"], ["seed-cnn"], ["teacher"], ["student"], ["seed-cnn", "--convention", "torch"],
    ["seed-cnn", "--json"], ["vgg16"],
    ["input(8) residual(batchnorm dense(8)) dense(2)", "--convention", "torch"],
    // A written-out GPT: its advice quotes the spec, as calc train needs it.
    [
      "input(16) tokenembedding(65,16) positions(16) decoder(heads=2,mlp=64,mlp_kind=gelu,norm=layernorm,bias=true)x2 layernorm head(65,tied=true)"
    ],
  ])
  func summaryOfAPreset(words: [String]) {
    let result = runCommand(["calc", "summary"] + words)
    #expect(result.status == 0, "\(result.err)")
    #expect(result.err.isEmpty)
    expectSnapshot(
      result.out,
      named: "summary-" + words.joined(separator: "-"),
      group: "CLISnapshotTests"
    )
  }

  @Test(arguments: [
    ("calc-datasets", ["calc", "datasets"]),
    (
      "calc-schedule-polynomial-json",
      [
        "calc", "schedule", "polynomial", "--initial", "0", "--final", "0.8", "--begin", "0",
        "--end", "1000", "--steps", "0,100,250,500,999,1000", "--json",
      ]
    ),
    (
      "calc-explain-small-cnn",
      ["calc", "explain", "input(32,32,3) conv2d(16,3,relu) flatten dense(10)"]
    ),
  ])
  func calculatorOutput(name: String, words: [String]) {
    let result = runCommand(words)
    #expect(result.status == 0, "\(result.err)")
    expectSnapshot(result.out, named: name, group: "CLISnapshotTests")
  }

  @Test func errorLinesOfBadInput() {
    let cases: [[String]] = [
      ["calc", "summary", "input(28,28,1) conv2d(32,3) maxpool2d(2) conv2d(64,30)"],
      ["calc", "summary", "input(784) dense(10"],
      ["calc", "summary", "seed-mpl"],
      ["calc", "time", "seed-mlp", "--runs", "0"],
      ["calc", "prune", "seed-mlp", "--dataset", "iris", "--sparsity", "1.5"],
      ["calc", "schedule", "constant", "--target", "0.5", "--begin", "0", "--steps", "1,x"],
      ["calc", "whatif", "seed-mlp", "widht=x2"],
      ["quizz"],
      ["calc", "summary", "seed-mlp", "--seed", "-1"],
    ]
    var transcript: [String] = []
    for words in cases {
      let result = runCommand(words)
      #expect(result.err.split(separator: "\n").count == 1, "\(words): \(result.err)")
      transcript.append(
        "$ goldilocks \(words.joined(separator: " "))  # exit \(result.status)\n" + result.err
      )
    }
    expectSnapshot(
      transcript.joined(separator: "\n"),
      named: "error-lines",
      group: "CLISnapshotTests"
    )
  }
}

/// The snapshot helper itself: it records when a file is missing or when asked to, and
/// otherwise compares and describes a mismatch with a line diff.
@Suite struct FileSnapshotTests {
  private func snapshot(in folder: TemporaryDirectory) -> FileSnapshot {
    FileSnapshot("out put/1", group: "G", testFile: folder.file("SomeTests.swift"))
  }

  @Test func aMissingSnapshotIsRecordedAndTheCheckFails() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let snapshot = snapshot(in: folder)
    #expect(snapshot.path == folder.path + "/__Snapshots__/G/out-put-1.txt")
    let first = snapshot.verify("a\nb\n", environment: [:])
    #expect(first?.hasPrefix("no snapshot yet: recorded") == true)
    #expect(try String(contentsOfFile: snapshot.path, encoding: .utf8) == "a\nb\n")
    #expect(snapshot.verify("a\nb\n", environment: [:]) == nil)
  }

  @Test func aMismatchIsADiffAndLeavesTheFileAlone() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let snapshot = snapshot(in: folder)
    _ = snapshot.verify("one\ntwo\nthree\nfour\nfive\nsix\nseven\n", environment: [:])
    let problem = try #require(
      snapshot.verify("one\ntwo\nthree\nFOUR\nfive\nsix\nseven\n", environment: [:])
    )
    #expect(problem.contains("\n  two\n  three\n- four\n+ FOUR\n  five\n  six\n…"), "\(problem)")
    #expect(!problem.contains("  one"))
    #expect(
      try String(contentsOfFile: snapshot.path, encoding: .utf8)
        == "one\ntwo\nthree\nfour\nfive\nsix\nseven\n"
    )
  }

  @Test func theRecordVariableOverwritesAndStillFails() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let snapshot = snapshot(in: folder)
    _ = snapshot.verify("old", environment: [:])
    let problem = snapshot.verify("new", environment: [FileSnapshot.recordVariable: "1"])
    #expect(problem?.hasPrefix("recorded") == true)
    #expect(try String(contentsOfFile: snapshot.path, encoding: .utf8) == "new")
    #expect(snapshot.verify("new", environment: [:]) == nil)
  }

  @Test func theDiffMarksAddedAndRemovedLines() {
    #expect(FileSnapshot.diff(expected: "a\nb", actual: "a\nc\nb") == "  a\n+ c\n  b")
    #expect(FileSnapshot.diff(expected: "a\nb\nc", actual: "a\nc") == "  a\n- b\n  c")
  }
}
