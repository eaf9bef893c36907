import Engine
import Foundation
import GoldilocksCommands
import ProgressStore
import Testing
import _TestSupport

/// Seeded random damage to a valid progress archive: every import either takes the whole
/// archive or refuses it with one `error:` line and stores nothing, and `progress` still
/// runs afterwards (issue 12: a crafted archive must never poison the file or trap).
@Suite struct ImportFuzzTests {
  /// Values that have broken importers: out-of-range numbers, wrong types, huge strings.
  static var hostileValues: [Any] {
    [
      1e308, -1e308, 4e11, -1e12, -1, 0, 1e-320, Int64.max, Int64.min, 9_999_999_999_999,
      "", "x", String(repeating: "a", count: 5_000), "\u{0}", "again", true, false, NSNull(),
      [Any](), [String: Any](), [1, 2, 3], ["questionId": 5],
    ]
  }

  /// A random path into the archive: a top-level key or a field of one of its records.
  static func randomPath(in archive: [String: Any], using generator: inout SeededGenerator)
    -> (String, String?, Int?)
  {
    let keys = archive.keys.sorted()
    let key = keys[generator.nextInt(below: keys.count)]
    guard let list = archive[key] as? [[String: Any]], !list.isEmpty else { return (key, nil, nil) }
    let index = generator.nextInt(below: list.count)
    let fields = list[index].keys.sorted()
    return (key, fields[generator.nextInt(below: fields.count)], index)
  }

  /// The archive with one to three fields replaced by hostile values, removed, or added.
  static func damaged(using generator: inout SeededGenerator) -> [String: Any] {
    var archive = ProgressArchiveTests.archive()
    for _ in 0..<(1 + generator.nextInt(below: 3)) {
      let (key, field, index) = randomPath(in: archive, using: &generator)
      let value = hostileValues[generator.nextInt(below: hostileValues.count)]
      let remove = generator.nextInt(below: 5) == 0
      if let field, let index, var list = archive[key] as? [[String: Any]] {
        list[index][field] = remove ? nil : value
        archive[key] = list
      } else {
        archive[key] = remove ? nil : value
      }
    }
    return archive
  }

  @Test func damagedArchivesAreImportedWholeOrRefusedWithOneLine() throws {
    var generator = SeededGenerator(seed: 12)
    var refused = 0
    for round in 0..<24 {
      let folder = try TemporaryDirectory()
      defer { folder.remove() }
      let file = folder.file("archive.json")
      let archive = Self.damaged(using: &generator)
      try JSONSerialization.data(withJSONObject: archive).write(to: URL(fileURLWithPath: file))
      let db = folder.file("p.sqlite")
      let result = runCommand(["import", file], db: db)
      #expect(result.status == 0 || result.status == 1, "round \(round): \(result.err)")
      if result.status == 1 {
        refused += 1
        #expect(result.err.hasPrefix("error: "), "round \(round)")
        #expect(result.err.split(separator: "\n").count == 1, "round \(round): \(result.err)")
        if FileManager.default.fileExists(atPath: db) {
          let store = try ProgressStore.open(path: db)
          let id = try #require(try store.profile(named: "default").id)
          #expect(try store.attempts(profileId: id).isEmpty, "round \(round)")
          #expect(try store.cards(profileId: id).isEmpty, "round \(round)")
        }
      }
      // Whatever was accepted must not poison the file.
      guard result.status == 0 else { continue }
      for command in [["progress"], ["progress", "--json"], ["export", folder.file("out.json")]] {
        let after = runCommand(command, db: db)
        #expect(after.status == 0, "round \(round): \(command) \(after.err)")
      }
    }
    #expect(refused >= 12, "most damaged archives are refused")
  }

  @Test func truncatedAndGarbledFilesAreRefusedWithOneLine() throws {
    let valid = try JSONSerialization.data(withJSONObject: ProgressArchiveTests.archive())
    var generator = SeededGenerator(seed: 5)
    for round in 0..<20 {
      var bytes = [UInt8](valid)
      if round % 2 == 0 {
        bytes.removeLast(1 + generator.nextInt(below: bytes.count - 1))
      } else {
        for _ in 0..<(1 + generator.nextInt(below: 8)) {
          bytes[generator.nextInt(below: bytes.count)] = UInt8(generator.nextInt(below: 256))
        }
      }
      let folder = try TemporaryDirectory()
      defer { folder.remove() }
      let file = folder.file("archive.json")
      try Data(bytes).write(to: URL(fileURLWithPath: file))
      let result = runCommand(["import", file], db: folder.file("p.sqlite"))
      #expect(result.status == 0 || result.status == 1, "round \(round)")
      if result.status == 1 {
        #expect(result.err.hasPrefix("error: "), "round \(round)")
        #expect(result.err.split(separator: "\n").count == 1, "round \(round): \(result.err)")
      }
    }
  }
}
