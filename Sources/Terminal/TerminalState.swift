import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The terminal settings stdin had when the process started, restored when it must end
/// in the middle of raw-mode input (the pager) or of readline's editing.
enum TerminalState {
  nonisolated(unsafe) private static var original = termios()
  private static let hasOriginal = Atomic<Bool>(false)

  /// Saves stdin's settings, when it is a terminal; called once, before any handler runs.
  static func saveOriginal() {
    guard isatty(STDIN_FILENO) == 1 else { return }
    var settings = termios()
    guard tcgetattr(STDIN_FILENO, &settings) == 0 else { return }
    original = settings
    hasOriginal.store(true, ordering: .releasing)
  }

  /// Restores the saved settings; uses only `tcsetattr`, which is async-signal-safe.
  static func restoreOriginalFromSignalHandler() {
    guard hasOriginal.load(ordering: .acquiring) else { return }
    _ = tcsetattr(STDIN_FILENO, TCSANOW, &original)
  }
}
