import Curriculum
import Foundation
import Terminal
import Testing
import _TestSupport

@testable import GoldilocksCommands

/// The words of `text` (whitespace-separated), without drawn rules and without the colon
/// that a stacked table puts after a column's name.
private func words(_ text: String) -> [String] {
  text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\u{00A0}" })
    .map { $0.hasSuffix(":") && $0.count > 1 ? String($0.dropLast()) : String($0) }
    .filter { !$0.allSatisfy { "━─═".contains($0) } }
}

/// The pattern of a timed latency verdict, once a report's wrapping is undone.
private let timedVerdict =
  #"(faster|slower|no measurable difference at this size): batch-1 latency [^)]*\)"#

/// How many timed latency verdicts `text` holds.
private func timedVerdictCount(_ text: String) -> Int {
  let flat = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
  guard let expression = try? NSRegularExpression(pattern: timedVerdict) else { return -1 }
  return expression.numberOfMatches(in: flat, range: NSRange(flat.startIndex..., in: flat))
}

/// `text` with every timed latency verdict ("faster: batch-1 latency … paired runs)") cut
/// out, once its wrapping is undone: a timing decides the verdict's words.
private func withoutTimedVerdicts(_ text: String) -> String {
  let flat = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
  return flat.replacingOccurrences(
    of: timedVerdict,
    with: "",
    options: .regularExpression
  )
}

/// Checks that every line of `narrow` fits `width` and no word of `wide` was cut.
///
/// `wide` is the same report laid out without a limit: wrapping may move words to new
/// lines, never cut one. Words with digits are skipped when `skipNumbers` (timings differ
/// from run to run), and so are words nearly as wide as the line (paths), which must be
/// broken. With `skipNumbers`, a timed latency verdict (whose wording, "faster", "slower"
/// or "no measurable difference at this size", and unit depend on the timing) is left out of
/// the word comparison in both reports; its lines must still fit.
private func expectFits(
  _ narrow: String,
  width: Int,
  sameWordsAs wide: String,
  skipNumbers: Bool = false,
  _ label: String,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  for line in narrow.split(separator: "\n", omittingEmptySubsequences: false) {
    let length = TextWrapper.visibleLength(String(line).replacingOccurrences(of: "\r", with: ""))
    #expect(
      length <= width,
      "\(label) at \(width): a line of \(length) columns: \(line)",
      sourceLocation: sourceLocation
    )
  }
  let compared = { (text: String) in
    skipNumbers ? withoutTimedVerdicts(text) : text
  }
  // A word cut inside a verdict would keep it from being recognised and left out.
  #expect(
    timedVerdictCount(narrow) == timedVerdictCount(wide),
    "\(label) at \(width): a timed latency verdict was cut",
    sourceLocation: sourceLocation
  )
  var available: [String: Int] = [:]
  for word in words(compared(narrow)) { available[word, default: 0] += 1 }
  for word in words(compared(wide)) {
    if TextWrapper.visibleLength(word) > width - 4 { continue }
    if skipNumbers, word.contains(where: \.isNumber) { continue }
    let count = available[word, default: 0]
    #expect(
      count > 0,
      "\(label) at \(width): the word `\(word)` was cut or lost",
      sourceLocation: sourceLocation
    )
    available[word] = count - 1
  }
}

@Suite struct TextWrapperTests {
  @Test func wrappingKeepsWordsWholeAndLinesWithinTheWidth() {
    let text =
      "Quantization stores each weight in fewer bits: int8 keeps one byte per weight plus a scale per tensor or per channel, so the file is close to a quarter of fp32."
    for width in [20, 37, 60, 100] {
      let wrapped = TextWrapper.wrap(text, width: width)
      expectFits(wrapped, width: width, sameWordsAs: text, "prose")
      #expect(words(wrapped) == words(text))
    }
  }

  @Test func runsOfSpacesBetweenWordsSurviveWrapping() {
    let line = "A   B   C   D   E   F   G   H   I   J   K   L   M   N   O   P"
    let wrapped = TextWrapper.wrap(line, width: 24)
    let lines = wrapped.split(separator: "\n")
    #expect(lines.count > 1)
    #expect(lines.allSatisfy { $0.contains("   ") })
    #expect(lines.allSatisfy { !$0.hasPrefix(" ") && !$0.hasSuffix(" ") })
  }

  @Test func listItemsContinueUnderTheirFirstWord() {
    let wrapped = TextWrapper.wrap(
      "  B. a choice whose text is far too long to fit on one line of this width",
      width: 30
    )
    let lines = wrapped.split(separator: "\n").map(String.init)
    #expect(lines.count > 1)
    #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("     ") && !$0.hasPrefix("      ") })
  }

  @Test func aWordWiderThanTheLineBreaksAfterPunctuation() {
    let path = "/root/.local/share/goldilocks/lab/quantize-0cf58cc47ef60245-fp32.safetensors"
    let lines = TextWrapper.wrap("files: " + path, width: 40).split(separator: "\n")
    #expect(lines.first == "files:")
    #expect(lines.allSatisfy { TextWrapper.visibleLength(String($0)) <= 40 })
    // Every piece but the last ends at a break character, and together they are the path.
    #expect(lines.dropFirst().dropLast().allSatisfy { "/-,_".contains($0.last!) })
    #expect(lines.dropFirst().joined() == path)
  }

  @Test func wideCharactersCountTwoColumns() {
    #expect(TextWrapper.visibleLength("漢字") == 4)
    #expect(TextWrapper.visibleLength("\u{1B}[1mbold\u{1B}[0m") == 4)
    #expect(TextWrapper.visibleLength("e\u{301}") == 1)
  }

  @Test func wrappingOutputWrapsLinesButNotPromptsOrJSON() {
    let buffer = BufferedOutput()
    let long = String(repeating: "word ", count: 30)
    WrappingOutput(buffer, width: 40).line(long)
    #expect(buffer.standardOutput.split(separator: "\n").allSatisfy { $0.count <= 40 })
    let json = BufferedOutput()
    WrappingOutput(json, width: 40, wrapsOutput: false).line(long)
    #expect(json.standardOutput == long + "\n")
  }
}

@Suite struct TextTableWidthTests {
  let table = TextTable(
    header: ["dataset", "example shape", "classes", "train", "test", "what it is"],
    rows: [
      [
        "breast-cancer", "(30)", "2", "456", "113",
        "Breast Cancer Wisconsin (Diagnostic): 30 cell-nucleus features of 569 fine-needle aspirates, malignant or benign.",
      ],
      [
        "mnist", "(28, 28, 1)", "10", "4,000", "1,000",
        "5,000-image subset of MNIST, 28x28 greyscale.",
      ],
    ]
  )

  @Test(arguments: [40, 60, 80, 100])
  func aWideTableFitsTheWidthWithEveryWordWhole(width: Int) {
    let wide = table.render(width: nil)
    let narrow = table.render(width: width)
    expectFits(narrow, width: width, sameWordsAs: wide, "table")
  }

  @Test func aTableThatFitsIsUnchanged() {
    #expect(table.render(width: 1000) == table.render(width: nil))
  }

  @Test func theCommandsWidthIsTheDefault() {
    let narrow = TextLayout.$width.withValue(60) { table.render() }
    #expect(narrow == table.render(width: 60))
  }
}

/// Runs a command laid out to `columns` (a pipe with `COLUMNS` set), in its own data folder.
private func run(_ words: [String], columns: Int) -> (status: Int32, out: String, err: String) {
  let home = NSTemporaryDirectory() + "goldilocks-width-\(UUID().uuidString)"
  defer { try? FileManager.default.removeItem(atPath: home) }
  return runCommand(
    words,
    environment: ["COLUMNS": String(columns), "HOME": home, "XDG_DATA_HOME": home]
  )
}

@Suite struct ReportWidthTests {
  static let reports: [[String]] = [
    ["calc", "summary", "seed-cnn"],
    ["calc", "summary", "vgg16"],
    ["calc", "datasets"],
    ["calc", "explain", "seed-mlp"],
    [
      "calc", "schedule", "polynomial", "--initial", "0", "--final", "0.8", "--begin", "0", "--end",
      "1000", "--steps", "0,250,500,1000",
    ],
    ["toc"],
  ]

  @Test(arguments: reports)
  func reportsFitSixtyAndHundredColumns(words: [String]) {
    let wide = run(words, columns: 1000)
    #expect(wide.status == 0, "\(wide.err)")
    for width in [60, 100] {
      let narrow = run(words, columns: width)
      expectFits(narrow.out, width: width, sameWordsAs: wide.out, words.joined(separator: " "))
    }
  }

  static let tiny = "input(64) dense(24,relu) dense(10)"
  static let measured: [[String]] = [
    ["calc", "quantize", tiny, "--dataset", "digits", "--to", "int8", "--epochs", "2"],
    [
      "calc", "prune", tiny, "--dataset", "digits", "--sparsity", "0.5", "--epochs", "2",
      "--finetune-epochs", "1",
    ],
    ["calc", "whatif", tiny, "width=x2", "quantize=int8", "--dataset", "digits"],
    [
      "calc", "distill", "--teacher", "input(64) dense(48,relu) dense(10)", "--student", tiny,
      "--dataset", "digits", "--epochs", "2",
    ],
  ]

  @Test(arguments: measured)
  func measuredReportsFitSixtyAndHundredColumns(words: [String]) {
    let wide = run(words, columns: 1000)
    #expect(wide.status == 0, "\(wide.err)")
    // Quantize, prune and whatif time both models in alternating rounds; distill does not.
    #expect(timedVerdictCount(wide.out) == (words[1] == "distill" ? 0 : 1), "\(wide.out)")
    for width in [60, 100] {
      let narrow = run(words, columns: width)
      #expect(narrow.status == 0, "\(narrow.err)")
      expectFits(
        narrow.out,
        width: width,
        sameWordsAs: wide.out,
        skipNumbers: true,
        words.prefix(2).joined(separator: " ")
      )
    }
  }

  @Test func questionsAndExplanationsFitSixtyAndHundredColumns() throws {
    let root = try ContentLocator.root(environment: [:])
    let library = try ContentLibrary.load(root: root)
    #expect(library.questions.count > 50)
    let color = ColorMode(isEnabled: false)
    for question in library.questions {
      let wide = QuestionPresenter(color: color, width: 10_000)
      for width in [60, 100] {
        let presenter = QuestionPresenter(color: color, width: width)
        expectFits(
          presenter.render(question, number: 1, of: 10, showScenario: true),
          width: width,
          sameWordsAs: wide.render(question, number: 1, of: 10, showScenario: true),
          question.id
        )
        expectFits(
          presenter.wrap(question.explanation, indent: "  "),
          width: width,
          sameWordsAs: wide.wrap(question.explanation, indent: "  "),
          question.id + " explanation"
        )
      }
    }
  }

  @Test func quizFeedbackFitsTheWidth() {
    let wide = runCommand(
      ["quiz", "--count", "3", "--seed", "5"],
      environment: ["COLUMNS": "1000"],
      input: ["skip", "A", "skip"]
    )
    for width in [60, 100] {
      let narrow = runCommand(
        ["quiz", "--count", "3", "--seed", "5"],
        environment: ["COLUMNS": String(width)],
        input: ["skip", "A", "skip"]
      )
      expectFits(narrow.out, width: width, sameWordsAs: wide.out, "quiz")
    }
  }

  @Test func errorMessagesWrapToATerminalAndStayOneLineInAPipe() {
    let message =
      "no demo file 'a-demo-file-that-does-not-exist'; shipped demos: accuracy-vs-size, compression-lab, model-size-basics"
    for width in [60, 100] {
      let text = CommandRunner.errorText(message, width: width)
      expectFits(text, width: width, sameWordsAs: "error: " + message, "error")
      #expect(text.split(separator: "\n").dropFirst().allSatisfy { $0.hasPrefix("       ") })
    }
    #expect(CommandRunner.errorText(message, width: nil) == "error: " + message)
    let output = BufferedOutput()
    let session = Session(
      output: output,
      environment: ["NO_COLOR": "1", "COLUMNS": "60"],
      lineReader: nil,
      isInteractive: false,
      isREPL: false,
      stdoutIsTerminal: false
    )
    session.stderrIsTerminal = true
    let status = CommandRunner.run(["demo", "a-demo-file-that-does-not-exist"], in: session)
    #expect(status == 1)
    #expect(output.standardError.hasPrefix("error: no demo file"))
    #expect(output.standardError.split(separator: "\n").allSatisfy { $0.count <= 60 })
  }

  @Test func largeDemoNarrationKeepsItsWordGapsWhenItWraps() {
    let result = runCommand(
      ["demo", "model-size-basics", "--auto", "0", "--large"],
      environment: ["COLUMNS": "60"]
    )
    #expect(result.status == 0, "\(result.err)")
    let spacedLines = result.out.split(separator: "\n").filter { $0.contains("\u{00A0}") }
    #expect(!spacedLines.isEmpty)
    for line in spacedLines {
      #expect(TextWrapper.visibleLength(String(line)) <= 60)
      // Letters are joined by no-break spaces, words by three spaces: no line starts or
      // ends inside a word, and words stay apart.
      #expect(!line.hasPrefix("\u{00A0}") && !line.hasSuffix("\u{00A0}"))
    }
    #expect(spacedLines.contains { $0.contains("   ") })
  }
}

@Suite struct ProgressBarWidthTests {
  @Test(arguments: [40, 60, 100])
  func theBarNeverReachesTheLastColumn(width: Int) {
    let bar = ProgressBar(width: width, color: ColorMode(isEnabled: false))
    let line = bar.render(
      label: "epoch 3/10",
      fraction: 0.3,
      details: "loss 0.4123  acc 0.8812  test acc 0.8790  12s elapsed, ETA 28s"
    )
    let visible = line.replacingOccurrences(of: "\r", with: "")
      .replacingOccurrences(of: "\u{1B}[K", with: "")
    #expect(TextWrapper.visibleLength(visible) < width, "\(visible)")
    #expect(visible.hasPrefix("epoch 3/10"))
    #expect(visible.contains("30%"))
  }
}
