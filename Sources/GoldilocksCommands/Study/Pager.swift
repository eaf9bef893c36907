import Terminal

/// Shows long text a screen at a time when a person is reading at a terminal.
///
/// On a terminal it reads single keys, as `less` does: space shows the next page, Enter
/// the next line, `b` the previous page, `q` (or Ctrl-C) stops. The `-- more --` line is
/// erased before the text goes on. Anywhere else (a pipe, a test) the text is printed
/// whole, or, when a line reader is given, paged with one line per answer: an empty line
/// for the next page, `b` for back, `q` to stop.
struct Pager {
  /// How the reader left the text.
  enum Outcome: Equatable {
    /// The text fitted, or was not paged: all of it was printed at once.
    case printedWhole
    /// The reader paged to the end.
    case reachedEnd
    /// The reader stopped before the end; `onFirstPage` when they never went past it.
    case stopped(onFirstPage: Bool)
  }

  /// Where the pager reads the reader's keys from.
  enum KeySource {
    /// Raw single keys from the terminal.
    case terminal(KeyReader)
    /// One line per key, its first character deciding (tests and plain input).
    case lines(any LineReader)

    func next(prompt: String, output: any OutputSink) -> KeyReader.Key? {
      switch self {
      case .terminal(let reader):
        output.write(prompt)
        let key = reader.readKey()
        output.write("\r\u{1B}[K")
        return key
      case .lines(let reader):
        guard let line = reader.readLine(prompt: prompt) else { return nil }
        if InterruptFlag.shared.isRaised { return .interrupt }
        guard let first = line.lowercased().first else { return .space }
        if first == "q" { return .quit }
        if first == "b" { return .back }
        return .space
      }
    }
  }

  let output: any OutputSink
  let color: ColorMode
  /// Columns of the screen, for the length of the `-- more --` line.
  var width = 80
  /// Rows of the screen; `nil` prints the text whole.
  let rows: Int?
  let keys: KeySource?

  /// The pager for a command: paged only when stdin and stdout are a terminal and the
  /// output is not JSON.
  init(context: CommandContext) {
    output = context.output
    color = context.color
    width = context.width
    let session = context.session
    if session.isInteractive, session.stdoutIsTerminal, !context.json,
      let rows = TerminalSize.rows()
    {
      self.rows = rows
      if let reader = KeyReader() {
        keys = .terminal(reader)
      } else if let lineReader = session.lineReader {
        keys = .lines(lineReader)
      } else {
        keys = nil
      }
    } else {
      rows = nil
      keys = nil
    }
  }

  init(output: any OutputSink, color: ColorMode, rows: Int?, keys: KeySource?) {
    self.output = output
    self.color = color
    self.rows = rows
    self.keys = keys
  }

  /// Shows `text` and tells how the reader left it.
  @discardableResult
  func show(_ text: String) -> Outcome {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    guard let rows, let keys, lines.count > rows - 1 else {
      output.line(text)
      return .printedWhole
    }
    let page = max(3, rows - 1)
    var shown = min(lines.count, page)
    output.line(lines[0..<shown].joined(separator: "\n"))
    var pastFirstPage = false
    while shown < lines.count {
      let percent = shown * 100 / lines.count
      let help = "space: page, Enter: line, b: back, q: quit"
      let full = "-- more (\(percent)%) \(help) --"
      let prompt = color.apply(
        .dim,
        to: full.count < width ? full : "-- more (\(percent)%) --"
      )
      let key = keys.next(prompt: prompt, output: output)
      switch key {
      case .space, .other:
        let end = min(lines.count, shown + page)
        output.line(lines[shown..<end].joined(separator: "\n"))
        shown = end
        pastFirstPage = true
      case .enter:
        output.line(lines[shown])
        shown += 1
        pastFirstPage = true
      case .back:
        let start = max(0, shown - 2 * page)
        let end = min(lines.count, start + page)
        if case .terminal = keys { output.write("\u{1B}[H\u{1B}[2J") }
        output.line(lines[start..<end].joined(separator: "\n"))
        shown = end
      case .quit, .interrupt, nil:
        return .stopped(onFirstPage: !pastFirstPage)
      }
    }
    return .reachedEnd
  }
}
