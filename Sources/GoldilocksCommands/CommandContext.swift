import Foundation
import ProgressStore
import Terminal

/// Everything one command needs to run: the session plus this line's global options.
struct CommandContext {
  let session: Session
  let options: GlobalOptions

  /// The context of the running command, from the session the runner set.
  init(_ options: GlobalOptions) {
    let session = Session.current ?? Session.standard(isREPL: false, lineReader: nil)
    var merged = options
    let defaults = session.defaults
    merged.db = options.db ?? defaults.db
    merged.profile = options.profile ?? defaults.profile
    merged.noColor = options.noColor || defaults.noColor
    merged.seed = options.seed ?? defaults.seed
    self.session = session
    self.options = merged
  }

  /// Where this command writes; see `forInteraction()`.
  ///
  /// On a terminal (or with `COLUMNS` set) every line is wrapped to its width between
  /// words (`WrappingOutput`), except a `--json` document on stdout.
  var output: any OutputSink {
    if let outputOverride { return outputOverride }
    guard let layoutWidth = session.layoutWidth else { return session.output }
    return WrappingOutput(session.output, width: layoutWidth, wrapsOutput: !json)
  }
  private var outputOverride: (any OutputSink)?

  /// The context for an interactive command: with `--json`, the questions and feedback
  /// go to stderr so that stdout holds only the final JSON document.
  func forInteraction() -> CommandContext {
    guard json else { return self }
    var copy = self
    let redirect = StandardErrorRedirect(session.output)
    copy.outputOverride =
      session.layoutWidth.map { WrappingOutput(redirect, width: $0) } ?? redirect
    return copy
  }
  var json: Bool { options.json }
  /// The session's clock (fixed in tests).
  var clock: any TimeSource { session.clock }
  /// The current time from the session's clock.
  var now: Date { session.clock.now }
  var seed: UInt64 { options.seed ?? 42 }

  /// Colour on only for a terminal without `NO_COLOR` and `--no-color`.
  var color: ColorMode {
    if options.noColor { return ColorMode(isEnabled: false) }
    if let value = session.environment["NO_COLOR"], !value.isEmpty {
      return ColorMode(isEnabled: false)
    }
    return ColorMode(isEnabled: session.stdoutIsTerminal)
  }

  /// The width text is wrapped to.
  var width: Int { session.columns }

  /// The progress file's path, or the class server's URL.
  var databasePath: String { session.databasePath(flag: options.db) }

  /// The progress store, opened on first use.
  func store() throws(StoreError) -> any ProgressStoring {
    try session.store(at: databasePath)
  }

  /// Starts opening the progress store on another thread while the command computes.
  ///
  /// Opening creates the file on first use, with its fsyncs; done beside the computation,
  /// recording the command's result does not wait for it. Call `wait()` on the group before
  /// the command returns. A failure is not reported here: `store()` opens again and reports
  /// it where the command asks.
  func openStoreInBackground() -> DispatchGroup {
    let group = DispatchGroup()
    let session = session
    let path = databasePath
    DispatchQueue.global(qos: .utility).async(group: group) {
      _ = try? session.store(at: path)
    }
    return group
  }

  /// The profile name this command acts for: `--profile`, `GOLDILOCKS_PROFILE`, the one
  /// chosen with `profile switch`, or `default`.
  func profileName(in store: any ProgressStoring) throws(StoreError) -> String {
    if let name = options.profile, !name.isEmpty { return name }
    if let name = session.environment["GOLDILOCKS_PROFILE"], !name.isEmpty { return name }
    return try store.currentProfileName() ?? ProgressStore.defaultProfileName
  }

  /// The profile record this command acts for.
  func profile(in store: any ProgressStoring) throws(StoreError) -> Profile {
    try store.profile(named: profileName(in: store), now: now)
  }

  /// Writes text wrapped to the terminal width.
  func say(_ text: String = "") {
    output.line(TextWrapper.wrap(text, width: width))
  }

  /// Writes a value as pretty, key-sorted JSON with snake_case keys (as cli.md fixes them).
  func printJSON(_ value: some Encodable) throws {
    let data = try Self.jsonEncoder().encode(value)
    output.line(String(decoding: data, as: UTF8.self))
  }

  /// The encoder of `printJSON`: pretty, key-sorted, snake_case, ISO 8601 dates.
  ///
  /// A number that is not finite (which commands refuse before reporting) is written as
  /// a string rather than failing the whole document.
  static func jsonEncoder() -> JSONEncoder {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .iso8601
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: "inf",
      negativeInfinity: "-inf",
      nan: "nan"
    )
    return encoder
  }

  /// Asks a yes/no question; `false` when nobody at a terminal can answer.
  func confirm(_ question: String) -> Bool {
    guard session.isInteractive else { return false }
    let prompt = question + " [y/N] "
    let answer: String?
    if let reader = session.lineReader {
      answer = reader.readLine(prompt: prompt)
    } else if session.stdoutIsTerminal {
      output.write(prompt)
      answer = PlainLineReader().readLine(prompt: prompt)
    } else {
      // stdout is a pipe: ask on stderr, where the person at the terminal sees it.
      answer = PlainLineReader(promptsOnStandardError: true).readLine(prompt: prompt)
    }
    guard let answer else { return false }
    return ["y", "yes"].contains(answer.lowercased().trimmingCharacters(in: .whitespaces))
  }
}

/// Sends everything written to standard output to standard error instead.
final class StandardErrorRedirect: OutputSink {
  private let base: any OutputSink

  init(_ base: any OutputSink) { self.base = base }

  func write(_ text: String) { base.writeError(text) }
  func writeError(_ text: String) { base.writeError(text) }
}
