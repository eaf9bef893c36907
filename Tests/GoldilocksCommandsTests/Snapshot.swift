import Foundation
import Testing
import _TestSupport

/// Checks `text` against the snapshot `name` of `group` beside this test file, recording
/// it when missing or when `GOLDILOCKS_RECORD_SNAPSHOTS=1` (see `FileSnapshot`).
func expectSnapshot(
  _ text: String,
  named name: String,
  group: String,
  filePath: String = #filePath,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  if let problem = FileSnapshot(name, group: group, testFile: filePath).verify(text) {
    Issue.record(Comment(rawValue: problem), sourceLocation: sourceLocation)
  }
}

/// One run of a command as a block of a transcript snapshot: the command line and its exit
/// status, then its standard output and its standard error, each under a marker line when it
/// is not empty (so that a snapshot shows which stream each line went to).
func transcript(_ words: [String], _ result: (status: Int32, out: String, err: String)) -> String {
  func block(_ name: String, _ text: String) -> String {
    text.isEmpty ? "" : "--- \(name)\n" + text + (text.hasSuffix("\n") ? "" : "\n")
  }
  return "$ goldilocks \(words.joined(separator: " "))  # exit \(result.status)\n"
    + block("stdout", result.out) + block("stderr", result.err)
}

/// Runs each command of `cases` and checks it is refused with exit 1, nothing on stdout and
/// one `error:` line; returns their transcripts, one after another, for a snapshot.
func errorLineTranscript(
  _ cases: [[String]],
  environment: [String: String] = [:],
  sourceLocation: SourceLocation = #_sourceLocation
) -> String {
  var blocks: [String] = []
  for words in cases {
    let result = runCommand(words, environment: environment)
    #expect(result.status == 1, "\(words): \(result.err)", sourceLocation: sourceLocation)
    #expect(result.out.isEmpty, "\(words)", sourceLocation: sourceLocation)
    #expect(
      result.err.split(separator: "\n").count == 1,
      "\(result.err)",
      sourceLocation: sourceLocation
    )
    blocks.append(transcript(words, result))
  }
  return blocks.joined()
}

/// `text` with every occurrence of the temporary folder `folder` replaced by `<tmp>`: for
/// outputs that name a file the test made in a fresh folder, whose name differs on each run.
func maskingTemporaryFolder(_ text: String, _ folder: String) -> String {
  text.replacingOccurrences(of: folder, with: "<tmp>")
}

/// `text` with every interval of 3 days or more written as `<fuzzed> days`.
///
/// The review scheduler moves those intervals by a few percent at random (py-fsrs's fuzz),
/// so their exact value differs from run to run even on a fixed clock. Shorter intervals stay.
func maskingFuzzedDays(_ text: String) -> String {
  text.replacingOccurrences(
    of: #"\b([3-9]|[1-9][0-9,]+) days\b"#,
    with: "<fuzzed> days",
    options: .regularExpression
  )
}

/// `text` with every date written `YYYY-MM-DD` replaced by `<date>`: for outputs about
/// records a test made at the wall clock's time, whose day is the day the tests run.
func maskingDates(_ text: String) -> String {
  text.replacingOccurrences(
    of: #"\b[0-9]{4}-[0-9]{2}-[0-9]{2}\b"#,
    with: "<date>",
    options: .regularExpression
  )
}

/// `text` with the default memory budget, a share of the memory of the machine the tests
/// run on, written as `<this machine's>`.
func maskingMachineMemoryBudget(_ text: String) -> String {
  text.replacingOccurrences(
    of: #"memory budget of [0-9.]+ [KMGTP]?B"#,
    with: "memory budget of <this machine's>",
    options: .regularExpression
  )
}
