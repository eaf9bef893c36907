import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Records Ctrl-C so that long computations can stop at a safe point and the REPL
/// can return to its prompt instead of exiting.
///
/// The SIGINT handler does nothing but raise this flag (an atomic store, which is
/// async-signal-safe). Whatever must happen in response (readline abandoning the line
/// being typed, the pager stopping, a training run ending after its batch) happens outside
/// the handler, in code that checks the flag: readline's event hook, the pager's key loop,
/// the computations' `isCancelled` callbacks.
public final class InterruptFlag: Sendable {
  /// The process-wide flag that the SIGINT handler sets.
  public static let shared = InterruptFlag()
  private let raised = Atomic<Bool>(false)
  private static let installed = Atomic<Bool>(false)
  /// Whether Ctrl-C ends the process when nothing is ready to act on the flag (a one-shot
  /// command rather than the REPL).
  private static let exitsWhenUnhandled = Atomic<Bool>(false)
  /// Whether the running command checks the flag (it asked for the handler itself).
  private static let commandHandlesInterrupts = Atomic<Bool>(false)

  /// Whether Ctrl-C was pressed since the flag was last cleared.
  public var isRaised: Bool { raised.load(ordering: .relaxed) }

  /// Lowers the flag, before a new line or computation starts.
  public func clear() { raised.store(false, ordering: .relaxed) }

  /// Raises the flag; safe to call from a signal handler.
  public func raise() { raised.store(true, ordering: .relaxed) }

  /// Raises the flag and tells whether it was raised already; safe in a signal handler.
  func raiseReportingPrevious() -> Bool { raised.exchange(true, ordering: .relaxed) }

  /// Whether the handler is installed (it is installed once per process).
  public static var isInstalled: Bool { installed.load(ordering: .relaxed) }

  /// Installs the SIGINT handler that raises the flag instead of ending the process.
  ///
  /// Only the first call installs it; later calls change nothing but the mode. A command
  /// that checks the flag (a training run, a sweep) calls it to say so. SIGINT is also
  /// unblocked in the calling thread: a process inherits its parent's signal mask, and a
  /// parent that starts it from a thread blocking SIGINT (as Dispatch's worker threads do)
  /// would otherwise leave Ctrl-C pending and the handler never called.
  ///
  /// - Parameter exitsWhenUnhandled: true for a one-shot command line: Ctrl-C then ends the
  ///   process with status 130 (after restoring the terminal) unless readline is reading a
  ///   line or the command said it checks the flag, and a second Ctrl-C before the first
  ///   was handled always ends it. The REPL passes false and handles every Ctrl-C.
  public static func installHandler(exitsWhenUnhandled: Bool = false) {
    if exitsWhenUnhandled {
      Self.exitsWhenUnhandled.store(true, ordering: .relaxed)
    } else {
      commandHandlesInterrupts.store(true, ordering: .relaxed)
    }
    guard !installed.exchange(true, ordering: .relaxed) else { return }
    TerminalState.saveOriginal()
    var interrupt = sigset_t()
    sigemptyset(&interrupt)
    sigaddset(&interrupt, SIGINT)
    pthread_sigmask(SIG_UNBLOCK, &interrupt, nil)
    var action = sigaction()
    action.__sigaction_handler.sa_handler = { _ in InterruptFlag.handleSignal() }
    sigemptyset(&action.sa_mask)
    action.sa_flags = Int32(SA_RESTART)
    sigaction(SIGINT, &action, nil)
  }

  /// The body of the SIGINT handler: atomics, `tcsetattr` and `_exit` only, all
  /// async-signal-safe.
  private static func handleSignal() {
    let wasRaised = shared.raiseReportingPrevious()
    guard exitsWhenUnhandled.load(ordering: .relaxed) else { return }
    let handled =
      ReadlineState.isReading.load(ordering: .relaxed)
      || commandHandlesInterrupts.load(ordering: .relaxed)
    if handled && !wasRaised { return }
    TerminalState.restoreOriginalFromSignalHandler()
    _exit(130)
  }

  /// Stops Ctrl-C from ending the process (the REPL handles every one).
  public static func keepRunningOnRepeatedInterrupts() {
    exitsWhenUnhandled.store(false, ordering: .relaxed)
  }
}

/// Whether readline is currently waiting for a line (set around `readline()`).
enum ReadlineState {
  static let isReading = Atomic<Bool>(false)
}
