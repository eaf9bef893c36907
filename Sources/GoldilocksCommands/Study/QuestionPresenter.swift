import Curriculum
import Terminal

/// Writes a question as the learner sees it: header, scenario, prompt and options.
struct QuestionPresenter {
  let color: ColorMode
  let width: Int
  /// The words the learner may type besides an answer, as the instructions name them.
  var commands = ["hint", "skip", "quit"]

  /// The question with its header; `total` is `nil` for an endless series (a drill).
  func render(_ question: Question, number: Int, of total: Int?, showScenario: Bool) -> String {
    var lines: [String] = []
    let position = total.map { "Question \(number) of \($0)" } ?? "Question \(number)"
    let dots =
      String(repeating: "●", count: question.difficulty)
      + String(repeating: "○", count: max(0, 3 - question.difficulty))
    lines.append(
      color.apply(.bold, to: position)
        + color.apply(.dim, to: " · \(question.topic) · \(dots) · \(question.id)")
    )
    if showScenario, let scenario = question.scenario {
      lines.append(color.apply(.bold, to: "Case study"))
      lines.append(wrap(scenario, indent: "  "))
    }
    lines.append(wrap(question.prompt, indent: ""))
    switch question.kind {
    case .single(let choices, _), .multiple(let choices, _), .ordering(let choices, _):
      for (index, choice) in choices.enumerated() {
        lines.append(hanging("  \(QuestionKind.letter(index)). ", choice))
      }
    case .matching(let left, let right, _):
      for (index, item) in left.enumerated() { lines.append(hanging("  \(index + 1). ", item)) }
      lines.append(color.apply(.dim, to: "  match with:"))
      for (index, item) in right.enumerated() {
        lines.append(hanging("  \(QuestionKind.letter(index)). ", item))
      }
    case .numeric(_, _, let unit):
      if let unit { lines.append(color.apply(.dim, to: "  (a number, in \(unit))")) }
    case .short:
      break
    }
    lines.append(color.apply(.dim, to: howToAnswer(question.kind)))
    // The header and the instructions are wrapped like the prose above them.
    return TextWrapper.wrap(lines.joined(separator: "\n"), width: width)
  }

  func howToAnswer(_ kind: QuestionKind) -> String {
    let answer: String
    switch kind {
    case .single: answer = "one letter"
    case .multiple: answer = "every right letter, e.g. A C"
    case .ordering: answer = "the letters in order, e.g. C A B"
    case .matching: answer = "pairs such as 1B 2A 3C"
    case .numeric: answer = "a number"
    case .short: answer = "a word or short phrase"
    }
    guard !commands.isEmpty else { return "Answer with \(answer)." }
    return "Answer with \(answer); or \(commands.map { "`\($0)`" }.joined(separator: ", "))."
  }

  /// Renders Markdown prose (paragraphs reflowed, lists, code) indented by `indent`.
  func wrap(_ text: String, indent: String) -> String {
    let renderer = MarkdownRenderer(width: width - indent.count, color: color)
    return renderer.render(text.trimmingTrailingNewlines())
      .split(separator: "\n", omittingEmptySubsequences: false)
      .map { $0.isEmpty ? "" : indent + $0 }
      .joined(separator: "\n")
  }

  func hanging(_ marker: String, _ text: String) -> String {
    let body = TextWrapper.wrap(text, width: max(20, width - marker.count))
    return body.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map {
      ($0.offset == 0 ? marker : String(repeating: " ", count: marker.count)) + $0.element
    }.joined(separator: "\n")
  }
}

extension String {
  func trimmingTrailingNewlines() -> String {
    var text = self
    while text.hasSuffix("\n") || text.hasSuffix(" ") { text.removeLast() }
    return text
  }
}
