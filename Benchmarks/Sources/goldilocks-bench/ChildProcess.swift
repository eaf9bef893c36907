import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One finished child process: its output, exit status and the kernel's resource figures.
///
/// The child is started with `posix_spawn` and reaped with `wait4`, which returns the
/// `rusage` of that child alone (user and system CPU time, peak resident set size), unlike
/// `getrusage(RUSAGE_CHILDREN)`, whose `ru_maxrss` is the largest of all children so far.
struct ChildRun: Encodable {
  var arguments: [String]
  var exitStatus: Int32
  var wallSeconds: Double
  var userSeconds: Double
  var systemSeconds: Double
  /// Peak resident set size in bytes (`ru_maxrss` is in KiB on Linux, bytes on macOS).
  var peakRSSBytes: Int
  var cpuSeconds: Double { userSeconds + systemSeconds }
  /// What the child wrote on standard output.
  var output: String

  enum CodingKeys: String, CodingKey {
    case arguments, exitStatus, wallSeconds, userSeconds, systemSeconds, peakRSSBytes
  }
}

/// Errors of starting a child process.
struct ChildProcessError: Error, CustomStringConvertible {
  var description: String
}

/// Starts programs and measures them.
enum ChildProcess {
  /// Runs `executable` with `arguments` and `environment` overrides in `directory`.
  ///
  /// Standard output goes to a temporary file that is read back; standard error is kept
  /// in another and printed when the child fails.
  static func run(
    _ executable: String,
    _ arguments: [String],
    environment overrides: [String: String] = [:],
    directory: String? = nil
  ) throws -> ChildRun {
    let temporary = NSTemporaryDirectory() + "goldilocks-bench-\(UUID().uuidString)"
    let outPath = temporary + ".out"
    let errPath = temporary + ".err"
    defer {
      try? FileManager.default.removeItem(atPath: outPath)
      try? FileManager.default.removeItem(atPath: errPath)
    }
    var environment = ProcessInfo.processInfo.environment
    for (key, value) in overrides { environment[key] = value }
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      for pointer in argv { free(pointer) }
      for pointer in envp { free(pointer) }
    }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    let previous = FileManager.default.currentDirectoryPath
    if let directory { FileManager.default.changeCurrentDirectoryPath(directory) }
    defer { FileManager.default.changeCurrentDirectoryPath(previous) }

    let clock = ContinuousClock()
    let start = clock.now
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, executable, &actions, nil, argv, envp)
    guard spawned == 0 else {
      throw ChildProcessError(description: "cannot start \(executable): errno \(spawned)")
    }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 {
      guard errno == EINTR else {
        throw ChildProcessError(description: "wait4 failed for \(executable): errno \(errno)")
      }
    }
    let wall = Stopwatch.seconds(start.duration(to: clock.now))
    let exited = (status & 0x7f) == 0
    let exitStatus = exited ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    let output = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
    if exitStatus != 0 {
      let errors = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
      FileHandle.standardError.write(
        Data("child failed (\(exitStatus)): \(arguments.joined(separator: " "))\n\(errors)\n".utf8)
      )
    }
    #if os(Linux)
    let rssBytes = Int(usage.ru_maxrss) * 1024
    #else
    let rssBytes = Int(usage.ru_maxrss)
    #endif
    return ChildRun(
      arguments: arguments,
      exitStatus: exitStatus,
      wallSeconds: wall,
      userSeconds: seconds(usage.ru_utime),
      systemSeconds: seconds(usage.ru_stime),
      peakRSSBytes: rssBytes,
      output: output
    )
  }

  static func seconds(_ value: timeval) -> Double {
    Double(value.tv_sec) + Double(value.tv_usec) / 1e6
  }
}
