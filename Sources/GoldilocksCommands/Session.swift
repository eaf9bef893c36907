import Curriculum
import Foundation
import PostgresProgressStore
import ProgressStore
import Terminal

/// What stays the same across the commands of one process or one REPL: where output
/// goes, the environment, the line reader and the open progress store.
///
/// `@unchecked Sendable` holds because every `let` is set once at creation, and every
/// `var` (the stored `state`: defaults, last spec, clock, stderr flag, open section,
/// cached library, open stores) is read and written only while `lock` is held, through
/// the accessors below. The one field the compiler cannot check is `lineReader`
/// (`LineReader` is not `Sendable`: readline has one global state); only the thread
/// running the REPL or the command reads lines from it.
public final class Session: @unchecked Sendable {
  /// The session of the command that is running, set by the runner.
  @TaskLocal static var current: Session?

  let output: any OutputSink
  let environment: [String: String]
  /// Reads the learner's answers and confirmations; `nil` when nobody can answer.
  let lineReader: (any LineReader)?
  /// Whether a person is typing at a terminal (stdin is a TTY).
  let isInteractive: Bool
  /// Whether commands run inside the REPL.
  let isREPL: Bool
  /// Whether standard output is a terminal (for colour and progress bars).
  let stdoutIsTerminal: Bool
  /// Guards `state`, and is held while the content library loads so that it loads once.
  private let lock = NSLock()
  /// Everything about the session that changes; read and written only under `lock`.
  private var state = State()

  /// The mutable part of a session.
  private struct State {
    var cachedLibrary: ContentLibrary?
    var stores: [String: any ProgressStoring] = [:]
    var defaults = GlobalDefaults()
    var lastSpec: String?
    var clock: any TimeSource = SystemTimeSource()
    var stderrIsTerminal = false
    var openSection: OpenSection?
  }

  /// Runs `body` on the state with the lock held.
  private func withState<Result>(_ body: (inout State) throws -> Result) rethrows -> Result {
    lock.lock()
    defer { lock.unlock() }
    return try body(&state)
  }

  /// Global options given when the REPL started; a line's own options win.
  var defaults: GlobalDefaults {
    get { withState { $0.defaults } }
    set { withState { $0.defaults = newValue } }
  }
  /// The last model spec the learner used, for `whatif` in the REPL.
  var lastSpec: String? {
    get { withState { $0.lastSpec } }
    set { withState { $0.lastSpec = newValue } }
  }
  /// Where commands read the time; tests set a fixed clock.
  public var clock: any TimeSource {
    get { withState { $0.clock } }
    set { withState { $0.clock = newValue } }
  }
  /// Whether standard error is a terminal (error lines are then wrapped to its width).
  public var stderrIsTerminal: Bool {
    get { withState { $0.stderrIsTerminal } }
    set { withState { $0.stderrIsTerminal = newValue } }
  }

  /// Replaces the section shown last and not yet left (recorded when the learner moves
  /// on) with `open`, returning the one it replaces.
  func exchangeOpenSection(_ open: OpenSection?) -> OpenSection? {
    withState { state in
      let previous = state.openSection
      state.openSection = open
      return previous
    }
  }

  public init(
    output: any OutputSink,
    environment: [String: String],
    lineReader: (any LineReader)?,
    isInteractive: Bool,
    isREPL: Bool,
    stdoutIsTerminal: Bool
  ) {
    self.output = output
    self.environment = environment
    self.lineReader = lineReader
    self.isInteractive = isInteractive
    self.isREPL = isREPL
    self.stdoutIsTerminal = stdoutIsTerminal
  }

  /// The session of a process started from a shell.
  static func standard(isREPL: Bool, lineReader: (any LineReader)?) -> Session {
    let session = Session(
      output: StandardOutput(),
      environment: ProcessInfo.processInfo.environment,
      lineReader: lineReader,
      isInteractive: TerminalSize.stdinIsTerminal,
      isREPL: isREPL,
      stdoutIsTerminal: TerminalSize.stdoutIsTerminal
    )
    session.stderrIsTerminal = TerminalSize.stderrIsTerminal
    return session
  }

  /// The width output is laid out to: the terminal's columns when stdout is one, else
  /// `COLUMNS`, else 80.
  var columns: Int {
    TerminalSize.columns(environment: environment, stdoutIsTerminal: stdoutIsTerminal)
  }

  /// The width every output line and table is fitted to: the terminal's, or `COLUMNS`
  /// when it is set; `nil` in a pipe without `COLUMNS`, where lines stay whole for tools
  /// such as grep (prose written with `say` is still wrapped to 80 there).
  var layoutWidth: Int? {
    if stdoutIsTerminal { return columns }
    if let text = environment["COLUMNS"], let value = Int(text), value > 20, value <= 1000 {
      return value
    }
    return nil
  }

  /// Makes `store` the one used for `path` (tests give a session a store they control).
  func use(_ store: any ProgressStoring, at path: String) {
    withState { $0.stores[path] = store }
  }

  /// The progress store at `path` (a file, or a `postgres://` server), opened once per
  /// session.
  func store(at path: String) throws(StoreError) -> any ProgressStoring {
    lock.lock()
    defer { lock.unlock() }
    if let store = state.stores[path] { return store }
    let store: any ProgressStoring =
      PostgresURL.isServerURL(path)
      ? try PostgresProgressStore(url: path, environment: environment)
      : try ProgressStore.open(path: path)
    state.stores[path] = store
    return store
  }

  /// Where the progress file is: `--db`, `GOLDILOCKS_DB`, or the XDG data folder.
  ///
  /// An empty `--db ""` stays empty, so that opening it is refused instead of silently
  /// using the default file; an empty `GOLDILOCKS_DB` counts as unset, as shells do.
  func databasePath(flag: String?) -> String {
    if let flag { return flag }
    if let value = environment["GOLDILOCKS_DB"], !value.isEmpty { return value }
    return dataDirectory() + "/progress.sqlite"
  }

  /// `$XDG_DATA_HOME/goldilocks`, or `~/.local/share/goldilocks`.
  func dataDirectory() -> String {
    if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty { return xdg + "/goldilocks" }
    let home = environment["HOME"] ?? NSHomeDirectory()
    return home + "/.local/share/goldilocks"
  }
}

/// The global options the REPL was started with, as plain values.
struct GlobalDefaults {
  var db: String?
  var profile: String?
  var noColor = false
  var seed: UInt64?

  init() {}

  init(_ options: GlobalOptions) {
    db = options.db
    profile = options.profile
    noColor = options.noColor
    seed = options.seed
  }
}

extension Session {
  /// The same session writing to `output`: for capturing a nested command's output.
  func with(output: any OutputSink) -> Session {
    let copy = Session(
      output: output,
      environment: environment,
      lineReader: lineReader,
      isInteractive: isInteractive,
      isREPL: isREPL,
      stdoutIsTerminal: stdoutIsTerminal
    )
    // The copy shares everything but the open section, which stays with this session.
    var shared = withState { $0 }
    shared.openSection = nil
    copy.withState { $0 = shared }
    return copy
  }

  /// The study content, read once per session.
  func library() throws(ContentError) -> ContentLibrary {
    lock.lock()
    defer { lock.unlock() }
    if let cached = state.cachedLibrary { return cached }
    let root = try ContentLocator.root(environment: environment)
    let library = try ContentLibrary.load(root: root)
    state.cachedLibrary = library
    for problem in library.loadProblems { output.errorLine("warning: " + problem) }
    return library
  }
}
