import ArgumentParser
import Engine
import Foundation
import Terminal

/// Parses and runs one command line, the same way for the shell and for the REPL.
public enum CommandRunner {
  /// Runs the process's command line and returns the exit status.
  ///
  /// With no subcommand this starts the REPL.
  public static func main(arguments: [String] = Array(CommandLine.arguments.dropFirst())) -> Int32 {
    // One SIGINT handler for the whole process: it raises a flag, which readline's event
    // hook, the pager and long computations act on; a command that never checks it ends.
    InterruptFlag.installHandler(exitsWhenUnhandled: true)
    let session = Session.standard(isREPL: false, lineReader: nil)
    return run(arguments, in: session)
  }

  /// Runs `arguments` in `session` and returns the exit status: 0 success, 1 a user
  /// error (one `error:` line on stderr), 2 a usage error (the parser's message).
  public static func run(_ arguments: [String], in session: Session) -> Int32 {
    Session.$current.withValue(session) {
      TextLayout.$width.withValue(session.layoutWidth) {
        runParsed(arguments, in: session)
      }
    }
  }

  private static func runParsed(_ arguments: [String], in session: Session) -> Int32 {
    if !UnknownCommand.namesACommandWithoutSubcommands(arguments),
      let unknown = UnknownCommand.find(in: arguments)
    {
      reportError(unknown.description, in: session)
      return 2
    }
    var command: any ParsableCommand
    do {
      command = try Goldilocks.parseAsRoot(arguments)
    } catch {
      return reportParserError(error, arguments: arguments, in: session)
    }
    do {
      try command.run()
      return 0
    } catch REPLSignal.quit {
      return 0
    } catch let error as ExitCode {
      return error.rawValue
    } catch let error as CleanExit {
      return reportParserError(error, arguments: arguments, in: session)
    } catch let error as ValidationError {
      return reportParserError(error, arguments: arguments, in: session)
    } catch  where isParserError(error) {
      return reportParserError(error, arguments: arguments, in: session)
    } catch {
      reportError(describe(error), in: session)
      return 1
    }
  }

  /// Writes `message` as one `error:` line on stderr; on a terminal, wrapped between words
  /// to its width with the continuation lines indented under the message.
  static func reportError(_ message: String, in session: Session) {
    let width = session.stderrIsTerminal ? session.columns : nil
    session.output.errorLine(errorText(message, width: width))
  }

  /// `error: message`, its first line wrapped to `width` (unwrapped when `width` is `nil`).
  ///
  /// Later lines (a spec with a caret under the bad term) are left as they are, since
  /// wrapping them would move the caret away from the term.
  static func errorText(_ message: String, width: Int?) -> String {
    let text = "error: " + message
    guard let width else { return text }
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let first = TextWrapper.wrapLine(lines.removeFirst(), width: width, hangingIndent: 7)
    return (first + lines).joined(separator: "\n")
  }

  /// The learner-facing text of an error, without any `Error:` prefix, on one line.
  static func describe(_ error: any Error) -> String {
    if let engine = error as? EngineError, let advice = EngineErrorAdvice.describe(engine) {
      return oneLine(advice)
    }
    if let dataset = error as? DatasetError, let advice = EngineErrorAdvice.describe(dataset) {
      return oneLine(advice)
    }
    return oneLine(String(describing: error))
  }

  /// `text` with line breaks, tabs and other control characters (often in an echoed value
  /// the learner typed) written as escapes such as `\n`, so an error stays one line.
  static func oneLine(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: isControl) else { return text }
    var result = ""
    for scalar in text.unicodeScalars {
      guard isControl(scalar) else {
        result.unicodeScalars.append(scalar)
        continue
      }
      switch scalar {
      case "\n": result += "\\n"
      case "\r": result += "\\r"
      case "\t": result += "\\t"
      default: result += "\\u{" + String(scalar.value, radix: 16) + "}"
      }
    }
    return result
  }

  private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.properties.generalCategory {
    case .control, .lineSeparator, .paragraphSeparator: return true
    default: return false
    }
  }

  /// Whether ArgumentParser threw `error` (help requests, usage errors), as opposed to a
  /// command's own error.
  static func isParserError(_ error: any Error) -> Bool {
    String(reflecting: type(of: error)).hasPrefix("ArgumentParser.")
  }

  static func reportParserError(_ error: any Error, arguments: [String], in session: Session)
    -> Int32
  {
    let code = Goldilocks.exitCode(for: error)
    if code == .success {
      // Help is laid out to the session's width (the terminal's, `COLUMNS`, or 80), not
      // to whatever the test runner's own terminal happens to be.
      let message = HelpLayout.globalOptionsLast(
        Goldilocks.fullMessage(for: error, columns: session.columns)
      )
      if !message.isEmpty { session.output.line(message) }
      return 0
    }
    if code == .failure {
      // A command's own error from its `validate()` (options that do not go together):
      // a user error, reported as a command reports it.
      reportError(oneLine(Goldilocks.message(for: error)), in: session)
      return 1
    }
    reportError(usageErrorText(error, arguments: arguments), in: session)
    return isInvalidChoice(error) ? 1 : 2
  }

  /// Whether the parser refused a value that is not one of an option's listed values
  /// (`--to int9`): a bad flag value, which cli.md gives exit status 1 like the other
  /// user errors, while a malformed command line (unknown option, missing value,
  /// `--count x`) keeps the parser's 2.
  static func isInvalidChoice(_ error: any Error) -> Bool {
    let message = Goldilocks.message(for: error)
    return message.hasPrefix("The value '") && message.contains("Please provide one of")
  }

  /// A usage error as one line: the parser's message and where the options are listed.
  ///
  /// ArgumentParser's usage block is left out, so `--seed -1` reads "the value '-1' is
  /// invalid for '--seed <n>'; `help calc summary` lists its options".
  static func usageErrorText(_ error: any Error, arguments: [String]) -> String {
    let message = oneSentence(Goldilocks.message(for: error))
    let path = CommandCatalog.standard.walk(arguments).path.filter { $0 != "help" }
    let help = path.isEmpty ? "`help`" : "`help \(path.joined(separator: " "))`"
    return oneLine(message) + "; " + help + " lists its options"
  }

  /// The parser's message on one line: its lines joined with `; `, without the `Error:`
  /// prefix, starting in lower case; a list of valid values (which the parser bullets
  /// when there are six or more) becomes `please provide one of 'a', 'b' or 'c'`.
  static func oneSentence(_ parserMessage: String) -> String {
    var clauses: [String] = []
    var listed: [String] = []
    for raw in parserMessage.split(separator: "\n") {
      let line = raw.trimmingCharacters(in: .whitespaces)
      if line.hasPrefix("- ") {
        listed.append("'" + line.dropFirst(2) + "'")
        continue
      }
      guard !line.isEmpty else { continue }
      clauses.append(line)
    }
    if !listed.isEmpty, var last = clauses.popLast() {
      if last.hasSuffix(":") { last.removeLast() }
      if last.hasSuffix(" the following") { last.removeLast(" the following".count) }
      let list =
        listed.count == 1
        ? listed[0] : listed.dropLast().joined(separator: ", ") + " or " + listed[listed.count - 1]
      clauses.append(last + " " + list)
    }
    var message = clauses.joined(separator: "; ")
      .replacingOccurrences(of: "'. Please provide one of ", with: "'; please provide one of ")
    if message.hasSuffix("'.") { message.removeLast() }
    // The parser lists two values as "one of 'a' and 'b'"; one of them is "a or b".
    if let range = message.range(
      of: #"please provide one of '[^']*' and '[^']*'"#,
      options: .regularExpression
    ) {
      let fixed = message[range].replacingOccurrences(of: "' and '", with: "' or '")
      message.replaceSubrange(range, with: fixed)
    }
    if message.hasPrefix("Error: ") { message.removeFirst("Error: ".count) }
    if let first = message.first, first.isUppercase, message.dropFirst().first?.isLowercase == true
    {
      message = first.lowercased() + message.dropFirst()
    }
    return message
  }

}
