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
