import ArgumentParser
import Foundation
import Terminal

/// The interactive loop: reads a line, parses it with the same command tree as the
/// shell, runs it, and goes on whatever happened.
public enum REPL {
  /// Starts the REPL on the process's terminal (or plain stdin when it is not one).
  static func start(options: GlobalOptions) throws {
    let probe = Session.standard(isREPL: true, lineReader: nil)
    let historyFile = probe.dataDirectory() + "/history"
    try? FileManager.default.createDirectory(
      atPath: probe.dataDirectory(),
      withIntermediateDirectories: true
    )
    let completer = CompletionProvider.standard(environment: probe.environment)
    let reader: any LineReader =
      ReadlineLineReader(historyFile: historyFile) { before, word in
        completer.candidates(lineBeforeWord: before, word: word)
      } ?? PlainLineReader()
    let session = Session.standard(isREPL: true, lineReader: reader)
    session.defaults = GlobalDefaults(options)
    InterruptFlag.installHandler()
    InterruptFlag.keepRunningOnRepeatedInterrupts()
    run(reader: reader, session: session)
  }

  /// Runs lines from `reader` until it ends or the learner quits.
  ///
  /// The global options the REPL was started with are the session's defaults; each line
  /// may give its own.
  /// `greeting` (by default on a terminal only) prints what is due and the next step.
  public static func run(reader: any LineReader, session: Session, greeting: Bool? = nil) {
    let interactive = reader is ReadlineLineReader
    if greeting ?? interactive {
      for line in StartupGreeting.lines(session: session) { session.output.line(line) }
    }
    while true {
      InterruptFlag.shared.clear()
      guard let line = reader.readLine(prompt: "goldilocks> ") else {
        session.finishOpenSectionWarning()
        if interactive { session.output.line() }
        return
      }
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
      // The learner has left the section they were reading: record the time it took.
      session.finishOpenSectionWarning()
      reader.addHistory(trimmed)
      let words: [String]
      do {
        words = try CommandLineSplitter.split(trimmed)
      } catch {
        CommandRunner.reportError(error.description, in: session)
        continue
      }
      if words == ["quit"] || words == ["exit"] { return }
      _ = CommandRunner.run(words, in: session)
      if InterruptFlag.shared.isRaised {
        session.output.line("Interrupted.")
      }
    }
  }
}
