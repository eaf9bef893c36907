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
    let session = Session.standard(isREPL: false, lineReader: nil)
    return run(arguments, in: session)
  }

  /// Runs `arguments` in `session` and returns the exit status: 0 success, 1 a user
  /// error (one `error:` line on stderr), 2 a usage error (the parser's message).
  public static func run(_ arguments: [String], in session: Session) -> Int32 {
    Session.$current.withValue(session) {
      var command: any ParsableCommand
      do {
        command = try Goldilocks.parseAsRoot(arguments)
      } catch {
        return reportParserError(error, output: session.output)
      }
      do {
        try command.run()
        return 0
      } catch REPLSignal.quit {
        return 0
      } catch let error as ExitCode {
        return error.rawValue
      } catch let error as CleanExit {
        return reportParserError(error, output: session.output)
      } catch let error as ValidationError {
        return reportParserError(error, output: session.output)
      } catch  where isParserError(error) {
        return reportParserError(error, output: session.output)
      } catch {
        session.output.errorLine("error: " + describe(error))
        return 1
      }
    }
  }

  /// The learner-facing text of an error, without any `Error:` prefix, on one line.
  static func describe(_ error: any Error) -> String {
    if let engine = error as? EngineError, let advice = EngineErrorAdvice.describe(engine) {
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

  static func reportParserError(_ error: any Error, output: any OutputSink) -> Int32 {
    let message = Goldilocks.fullMessage(for: error)
    let code = Goldilocks.exitCode(for: error)
    if code == .success {
      if !message.isEmpty { output.line(message) }
      return 0
    }
    output.errorLine(message)
    return 2
  }
}
