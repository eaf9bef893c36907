import Foundation
import GRDB
import ProgressStore
import Testing
import _TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// The real executable refuses every progress file that is not its own with one `error:`
/// line and exit status 1, leaving the folder exactly as it was (issue 12).
@Suite struct ProgressFileProcessTests {
  let executable: String

  init() throws {
    executable = try #require(
      ProductLocator.executable(),
      "the goldilocks executable was not built next to the tests"
    )
  }

  /// Every entry of `folder` (recursively) with its bytes, or nil for what is not a file.
  static func snapshot(_ folder: String) -> [String: Data?] {
    var result: [String: Data?] = [:]
    let names = (try? FileManager.default.subpathsOfDirectory(atPath: folder)) ?? []
    for name in names {
      let path = folder + "/" + name
      var info = stat()
      lstat(path, &info)
      result[name] =
        info.st_mode & S_IFMT == S_IFREG ? FileManager.default.contents(atPath: path) : nil
    }
    return result
  }

  /// Runs the executable, killing it after `seconds` so that a hang fails the test.
  func run(_ arguments: [String], environment: [String: String] = [:], seconds: Double = 60)
    throws -> (status: Int32, standardOutput: String, standardError: String)
  {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    env["NO_COLOR"] = "1"
    for (key, value) in environment { env[key] = value }
    process.environment = env
    let stdout = Pipe()
    let stderr = Pipe()
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = stdout
    process.standardError = stderr
    try process.run()
    let deadline = DispatchTime.now() + seconds
    let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
    DispatchQueue.global().asyncAfter(deadline: deadline, execute: watchdog)
    let out = stdout.fileHandleForReading.readDataToEndOfFile()
    let err = stderr.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    watchdog.cancel()
    return (
      status: process.terminationStatus,
      standardOutput: String(decoding: out, as: UTF8.self),
      standardError: String(decoding: err, as: UTF8.self)
    )
  }

  enum Case: String, CaseIterable, Sendable {
    case folder, linkToFolder, fifo, emptyFile, notSQLite, otherProgram, corrupt
  }

  @Test(arguments: Case.allCases)
  func aRefusedProgressFileGetsOneErrorLineAndIsUntouched(_ kind: Case) throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let path = folder.file("progress.sqlite")
    switch kind {
    case .folder:
      try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
    case .linkToFolder:
      try FileManager.default.createDirectory(
        atPath: folder.file("real"),
        withIntermediateDirectories: false
      )
      try FileManager.default.createSymbolicLink(
        atPath: path,
        withDestinationPath: folder.file("real")
      )
    case .fifo:
      #expect(mkfifo(path, 0o644) == 0)
    case .emptyFile:
      #expect(FileManager.default.createFile(atPath: path, contents: Data()))
    case .notSQLite:
      try Data("my notes\n".utf8).write(to: URL(fileURLWithPath: path))
    case .otherProgram:
      let queue = try DatabaseQueue(path: path)
      try queue.write { db in try db.execute(sql: "CREATE TABLE song(title TEXT)") }
      try queue.close()
    case .corrupt:
      var bytes = Data("SQLite format 3\u{0}".utf8)
      bytes.append(Data(repeating: 0xAB, count: 4096))
      try bytes.write(to: URL(fileURLWithPath: path))
    }
    let before = Self.snapshot(folder.path)
    var blocks: [String] = []
    for command in [["progress"], ["profile", "create", "x"]] {
      let arguments = ["--db", path] + command
      let result = try run(arguments, seconds: 30)
      #expect(result.status == 1, "\(kind): \(result.standardError)")
      let lines = result.standardError.split(separator: "\n")
      #expect(lines.count == 1, "\(result.standardError)")
      #expect(result.standardError.hasPrefix("error: \(path)"), "\(result.standardError)")
      #expect(Self.snapshot(folder.path) == before)
      blocks.append(
        transcript(arguments, (result.status, result.standardOutput, result.standardError))
      )
    }
    // Each line says what the file is: a folder (also behind a link), a FIFO, an empty file,
    // not an SQLite file, another program's database (naming its tables), a damaged one.
    expectSnapshot(
      maskingTemporaryFolder(blocks.joined(), folder.path),
      named: "refused-\(kind.rawValue)",
      group: "ProgressFileProcessTests"
    )
  }

  @Test func anEmptyDbValueIsRefusedInsteadOfUsingTheDefaultFile() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let result = try run(
      ["--db", "", "progress"],
      environment: ["HOME": folder.path, "XDG_DATA_HOME": folder.file("xdg")]
    )
    #expect(result.status == 1)
    expectSnapshot(result.standardError, named: "empty-db-value", group: "ProgressFileProcessTests")
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
  }

  /// Runs the executable as the unprivileged user `nobody` (tests run as root in CI).
  func runAsNobody(_ arguments: [String], home: String) throws -> ProcessResult? {
    guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else {
      return nil
    }
    return try ProcessRunner.run(
      "/usr/bin/setpriv",
      ["--reuid=65534", "--regid=65534", "--clear-groups", executable] + arguments,
      environment: ["HOME": home]
    )
  }

  @Test func aValidFileInAReadOnlyFolderOrReadOnlyItselfIsCalledThatNotNotSQLite() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let path = folder.file("progress.sqlite")
    do {
      let store = try ProgressStore.open(path: path)
      _ = try store.profile(named: "default")
    }
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path)
    try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
    let before = Self.snapshot(folder.path)
    // Owned by root, 0644: nobody can read it but not write it.
    guard let readOnly = try runAsNobody(["--db", path, "progress"], home: folder.path) else {
      print("skipped: needs root and setpriv to run as an unprivileged user")
      return
    }
    #expect(readOnly.status == 1)
    #expect(readOnly.standardError.contains("the file is read-only"), "\(readOnly.standardError)")
    #expect(Self.snapshot(folder.path) == before)
    // Writable by nobody, but in a folder only root can write.
    #expect(chown(path, 65534, 65534) == 0)
    let readOnlyFolder = try runAsNobody(["--db", path, "progress"], home: folder.path)
    #expect(readOnlyFolder?.status == 1)
    #expect(
      readOnlyFolder?.standardError.contains("its folder is read-only") == true,
      "\(readOnlyFolder?.standardError ?? "")"
    )
    #expect(readOnlyFolder?.standardError.contains("not an SQLite") == false)
    #expect(Self.snapshot(folder.path) == before)
  }
}
