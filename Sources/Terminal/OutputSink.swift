import Foundation
import Synchronization

/// Where a command writes: standard output and standard error, or buffers in tests.
public protocol OutputSink: AnyObject, Sendable {
  /// Writes `text` to standard output as it is.
  func write(_ text: String)
  /// Writes `text` to standard error as it is.
  func writeError(_ text: String)
}

extension OutputSink {
  /// Writes one line to standard output.
  public func line(_ text: String = "") { write(text + "\n") }
  /// Writes one line to standard error.
  public func errorLine(_ text: String) { writeError(text + "\n") }
}

/// The process's own standard output and standard error, flushed on every write.
public final class StandardOutput: OutputSink {
  public init() {}

  public func write(_ text: String) {
    do {
      try FileHandle.standardOutput.write(contentsOf: Data(text.utf8))
    } catch {
      // The reader went away (`goldilocks class | head`): end as a pipe's writer does,
      // also when SwiftNIO (the PostgreSQL store) has set SIGPIPE to be ignored.
      signal(SIGPIPE, SIG_DFL)
      raise(SIGPIPE)
      exit(141)
    }
  }

  public func writeError(_ text: String) {
    try? FileHandle.standardError.write(contentsOf: Data(text.utf8))
  }
}

/// Collects output in memory, for tests and for capturing a command's output.
public final class BufferedOutput: OutputSink {
  private let outText = Mutex("")
  private let errText = Mutex("")

  public init() {}

  public func write(_ text: String) {
    outText.withLock { $0 += text }
  }

  public func writeError(_ text: String) {
    errText.withLock { $0 += text }
  }

  /// Everything written to standard output so far.
  public var standardOutput: String { outText.withLock { $0 } }

  /// Everything written to standard error so far.
  public var standardError: String { errText.withLock { $0 } }
}
