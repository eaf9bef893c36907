import Foundation

/// A text output compared with a file checked in beside the tests.
///
/// The file is `__Snapshots__/<group>/<name>.txt` next to the test file. When it is
/// missing, or when the environment has `GOLDILOCKS_RECORD_SNAPSHOTS=1`, the text is
/// written to it and the check fails with "recorded", so that a snapshot is never taken
/// and passed in the same run: look at the file, commit it, run again. Otherwise the text
/// must equal the file byte for byte, and a mismatch is described by a line diff.
public struct FileSnapshot: Sendable {
  /// The snapshot file's path.
  public let path: String

  /// The environment variable that makes every check record instead of compare.
  public static let recordVariable = "GOLDILOCKS_RECORD_SNAPSHOTS"

  /// The snapshot `name` of `group`, stored beside the test file `testFile` (`#filePath`).
  public init(_ name: String, group: String, testFile: String) {
    let directory = URL(fileURLWithPath: testFile).deletingLastPathComponent()
      .appendingPathComponent("__Snapshots__").appendingPathComponent(group)
    path = directory.appendingPathComponent(Self.fileName(name) + ".txt").path
  }

  /// `name` with every character outside letters, digits, `-`, `_` and `.` replaced by `-`.
  static func fileName(_ name: String) -> String {
    String(
      name.map { character in
        character.isASCII && (character.isLetter || character.isNumber || "-_.".contains(character))
          ? character : "-"
      }
    )
  }

  /// Compares `actual` with the file (or records it); `nil` when they are equal, else a
  /// message saying what happened, with a diff on a mismatch.
  public func verify(
    _ actual: String,
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> String? {
    let recording = environment[Self.recordVariable] == "1"
    let expected = FileManager.default.contents(atPath: path).map {
      String(decoding: $0, as: UTF8.self)
    }
    if let expected, !recording {
      guard expected != actual else { return nil }
      return "output differs from snapshot \(path) (- snapshot, + actual; "
        + "\(Self.recordVariable)=1 records the new output):\n"
        + Self.diff(expected: expected, actual: actual)
    }
    do {
      try FileManager.default.createDirectory(
        atPath: (path as NSString).deletingLastPathComponent,
        withIntermediateDirectories: true
      )
      try Data(actual.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
      return "could not record snapshot \(path): \(error)"
    }
    return expected == nil
      ? "no snapshot yet: recorded \(path); check it and run the test again"
      : "recorded \(path) (\(Self.recordVariable)=1); unset it to compare"
  }

  /// A line diff of two texts: `-` lines only in `expected`, `+` lines only in `actual`,
  /// two-space-indented lines in both; long runs of common lines are shortened to `…`.
  public static func diff(expected: String, actual: String) -> String {
    let old = expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let new = actual.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    // Longest common subsequence table, from the ends.
    var lengths = Array(repeating: Array(repeating: 0, count: new.count + 1), count: old.count + 1)
    for i in stride(from: old.count - 1, through: 0, by: -1) {
      for j in stride(from: new.count - 1, through: 0, by: -1) {
        lengths[i][j] =
          old[i] == new[j] ? lengths[i + 1][j + 1] + 1 : max(lengths[i + 1][j], lengths[i][j + 1])
      }
    }
    var lines: [(mark: Character, text: String)] = []
    var i = 0
    var j = 0
    while i < old.count || j < new.count {
      if i < old.count, j < new.count, old[i] == new[j] {
        lines.append((" ", old[i]))
        i += 1
        j += 1
      } else if i < old.count, j == new.count || lengths[i + 1][j] >= lengths[i][j + 1] {
        lines.append(("-", old[i]))
        i += 1
      } else {
        lines.append(("+", new[j]))
        j += 1
      }
    }
    // Keep two lines of context around each change.
    let changed = lines.indices.filter { lines[$0].mark != " " }
    var shown: [String] = []
    var lastShown = -1
    for index in lines.indices {
      let near = changed.contains { abs($0 - index) <= 2 }
      guard near else { continue }
      if index > lastShown + 1 { shown.append("…") }
      let line = lines[index]
      shown.append(line.mark == " " ? "  " + line.text : "\(line.mark) " + line.text)
      lastShown = index
    }
    if lastShown < lines.count - 1 { shown.append("…") }
    return shown.joined(separator: "\n")
  }
}
