import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Records Ctrl-C so that long computations can stop at a safe point and the REPL
/// can return to its prompt instead of exiting.
public final class InterruptFlag: Sendable {
  /// The process-wide flag that the SIGINT handler sets.
  public static let shared = InterruptFlag()
  private let raised = Atomic<Bool>(false)

  /// Whether Ctrl-C was pressed since the flag was last cleared.
  public var isRaised: Bool { raised.load(ordering: .relaxed) }

  /// Lowers the flag, before a new line or computation starts.
  public func clear() { raised.store(false, ordering: .relaxed) }

  /// Raises the flag; safe to call from a signal handler.
  public func raise() { raised.store(true, ordering: .relaxed) }

  /// Installs a SIGINT handler that raises the flag instead of ending the process.
  ///
  /// While readline is waiting for a line, the handler also abandons that line. SIGINT is
  /// also unblocked in the calling thread: a process inherits its parent's signal mask,
  /// and a parent that starts it from a thread blocking SIGINT (as Dispatch's worker threads
  /// do) would otherwise leave Ctrl-C pending and the handler never called.
  public static func installHandler() {
    var interrupt = sigset_t()
    sigemptyset(&interrupt)
    sigaddset(&interrupt, SIGINT)
    pthread_sigmask(SIG_UNBLOCK, &interrupt, nil)
    signal(SIGINT) { _ in
      InterruptFlag.shared.raise()
      if ReadlineState.isReading.load(ordering: .relaxed) {
        ReadlineLineReader.abandonLineAfterInterrupt()
      }
    }
  }
}

/// Whether readline is currently waiting for a line (set around `readline()`).
enum ReadlineState {
  static let isReading = Atomic<Bool>(false)
}
