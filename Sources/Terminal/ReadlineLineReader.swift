import CReadline
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// GNU readline on a terminal: line editing, persistent history and tab completion.
///
/// Only one instance may exist at a time, because readline's completion hook is a
/// C function pointer without a context argument.
public final class ReadlineLineReader: LineReader {
  private let historyFile: String?
  private let historyLimit: Int32

  /// Creates a reader, or returns `nil` when stdin or stdout is not a terminal.
  ///
  /// - Parameters:
  ///   - historyFile: where history is read from and appended to; `nil` keeps none.
  ///   - completer: given the whole line before the cursor and the word being
  ///     completed, returns the candidate words.
  public init?(
    historyFile: String?,
    historyLimit: Int32 = 1000,
    completer: @escaping @Sendable (_ lineBeforeWord: String, _ word: String) -> [String]
  ) {
    guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { return nil }
    self.historyFile = historyFile
    self.historyLimit = historyLimit
    CompletionRegistry.shared.set(completer)
    goldilocks_rl_setup(goldilocksCompletion)
    goldilocks_rl_set_event_hook(goldilocksInterruptHook)
    using_history()
    if let historyFile {
      _ = read_history(historyFile)
    }
  }

  /// Reads one line; Ctrl-C abandons the line being typed and returns an empty one with
  /// the interrupt flag left raised, so that a caller asking a question can stop (the
  /// REPL clears the flag and shows a fresh prompt).
  public func readLine(prompt: String) -> String? {
    InterruptFlag.shared.clear()
    ReadlineState.isReading.store(true, ordering: .relaxed)
    let cLine = CReadline.readline(prompt)
    ReadlineState.isReading.store(false, ordering: .relaxed)
    guard let cLine else { return nil }
    defer { free(cLine) }
    if InterruptFlag.shared.isRaised { return "" }
    return String(cString: cLine)
  }

  public func addHistory(_ line: String) {
    let trimmed = line.trimmingCharacters(in: .whitespaces)
    guard !trimmed.isEmpty else { return }
    add_history(trimmed)
    if let historyFile {
      if append_history(1, historyFile) != 0 {
        _ = write_history(historyFile)
      }
      _ = history_truncate_file(historyFile, historyLimit)
    }
  }

  /// Abandons the line being edited after Ctrl-C: empties it and ends `readline()`.
  ///
  /// Called from readline's event hook, never from the signal handler (readline's
  /// functions are not async-signal-safe).
  static func abandonLineAfterInterrupt() {
    rl_replace_line("", 0)
    goldilocks_rl_done()
  }
}

/// Readline's event hook: acts on a Ctrl-C that the signal handler only recorded.
private func goldilocksInterruptHook() -> Int32 {
  if InterruptFlag.shared.isRaised, ReadlineState.isReading.load(ordering: .relaxed) {
    ReadlineLineReader.abandonLineAfterInterrupt()
  }
  return 0
}

/// Holds the completion closure that readline's C callback calls into.
final class CompletionRegistry: Sendable {
  static let shared = CompletionRegistry()

  /// The completer, and the candidates readline is being handed one by one.
  private struct State {
    var completer: (@Sendable (String, String) -> [String])?
    var candidates: [String] = []
    var index = 0
  }

  private let state = Mutex(State())

  func set(_ completer: @escaping @Sendable (String, String) -> [String]) {
    state.withLock { $0.completer = completer }
  }

  func begin(lineBeforeWord: String, word: String) {
    // The completer runs outside the lock: it may take a while (loading content).
    let completer = state.withLock { $0.completer }
    let candidates = completer?(lineBeforeWord, word) ?? []
    state.withLock {
      $0.candidates = candidates
      $0.index = 0
    }
  }

  func next() -> String? {
    state.withLock { state in
      guard state.index < state.candidates.count else { return nil }
      defer { state.index += 1 }
      return state.candidates[state.index]
    }
  }
}

private func goldilocksCompletion(
  _ text: UnsafePointer<CChar>?,
  _ start: Int32,
  _ end: Int32
) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
  let word = text.map { String(cString: $0) } ?? ""
  var before = ""
  if let buffer = goldilocks_rl_line_buffer() {
    let bytes = UnsafeRawBufferPointer(start: buffer, count: Int(max(0, start)))
    before = String(decoding: bytes, as: UTF8.self)
  }
  CompletionRegistry.shared.begin(lineBeforeWord: before, word: word)
  goldilocks_rl_completion_over()
  guard let text else { return nil }
  return rl_completion_matches(text) { _, _ in
    guard let next = CompletionRegistry.shared.next() else { return nil }
    return strdup(next)
  }
}
