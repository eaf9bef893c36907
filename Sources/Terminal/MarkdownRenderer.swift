import Foundation

/// Renders the Markdown of chapters for a terminal: headings, emphasis, lists, tables,
/// code blocks, callouts (`> [!IMPORTANT]`), wrapped to a width; plain without colour.
public struct MarkdownRenderer: Sendable {
  public let width: Int
  public let color: ColorMode

  public init(width: Int, color: ColorMode) {
    self.width = max(30, width)
    self.color = color
  }

  /// The rendered text, one string with newlines.
  public func render(_ markdown: String) -> String {
    var out: [String] = []
    let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    var paragraph: [String] = []
    var index = 0

    func flushParagraph() {
      guard !paragraph.isEmpty else { return }
      let text = inline(paragraph.joined(separator: " "))
      out.append(TextWrapper.wrap(text, width: width))
      paragraph = []
    }

    func blankLine() {
      if let last = out.last, !last.isEmpty { out.append("") }
    }

    while index < lines.count {
      let line = lines[index]
      let trimmed = line.trimmingCharacters(in: " \t")
      if trimmed.hasPrefix("```") {
        flushParagraph()
        let language = String(trimmed.dropFirst(3)).trimmingCharacters(in: " ")
        var code: [String] = []
        index += 1
        while index < lines.count, !lines[index].trimmingCharacters(in: " \t").hasPrefix("```") {
          code.append(lines[index])
          index += 1
        }
        index += 1
        blankLine()
        if language == "try" {
          for command in code where !command.trimmingCharacters(in: " ").isEmpty {
            let label = color.apply(.green, .bold, to: "▶ try")
            out.append("  \(label)  \(color.apply(.cyan, to: command))")
          }
        } else {
          for codeLine in code { out.append("    " + color.apply(.cyan, to: codeLine)) }
        }
        out.append("")
        continue
      }
      if trimmed.isEmpty {
        flushParagraph()
        blankLine()
        index += 1
        continue
      }
      if trimmed.hasPrefix("#") {
        flushParagraph()
        let level = trimmed.prefix { $0 == "#" }.count
        var title = String(trimmed.dropFirst(level)).trimmingCharacters(in: " ")
        if let range = title.range(of: "{#"), title.hasSuffix("}") {
          title = String(title[..<range.lowerBound]).trimmingCharacters(in: " ")
        }
        blankLine()
        let text = inline(title)
        if level <= 2 {
          out.append(color.apply(.bold, .underline, to: text))
          if !color.isEnabled {
            out.append(
              String(repeating: level == 1 ? "=" : "-", count: TextWrapper.visibleLength(text))
            )
          }
        } else {
          out.append(color.apply(.bold, to: text))
        }
        out.append("")
        index += 1
        continue
      }
      if trimmed.hasPrefix(">") {
        flushParagraph()
        var quoted: [String] = []
        while index < lines.count, lines[index].trimmingCharacters(in: " \t").hasPrefix(">") {
          var content = String(lines[index].trimmingCharacters(in: " \t").dropFirst())
          if content.hasPrefix(" ") { content.removeFirst() }
          quoted.append(content)
          index += 1
        }
        blankLine()
        out += callout(quoted)
        out.append("")
        continue
      }
      if trimmed.hasPrefix("|") {
        flushParagraph()
        var rows: [String] = []
        while index < lines.count, lines[index].trimmingCharacters(in: " \t").hasPrefix("|") {
          rows.append(lines[index].trimmingCharacters(in: " \t"))
          index += 1
        }
        blankLine()
        out += table(rows)
        out.append("")
        continue
      }
      if let item = listItem(trimmed) {
        flushParagraph()
        let indent = line.prefix { $0 == " " }.count
        var text = item.text
        index += 1
        while index < lines.count {
          let next = lines[index]
          let nextTrimmed = next.trimmingCharacters(in: " \t")
          if nextTrimmed.isEmpty || listItem(nextTrimmed) != nil || nextTrimmed.hasPrefix("```")
            || nextTrimmed.hasPrefix("#") || nextTrimmed.hasPrefix(">")
            || nextTrimmed.hasPrefix("|")
          {
            break
          }
          text += " " + nextTrimmed
          index += 1
        }
        let pad = String(repeating: " ", count: min(indent, 8))
        out += hanging(marker: pad + item.marker, text: inline(text))
        continue
      }
      paragraph.append(trimmed)
      index += 1
    }
    flushParagraph()
    while out.last?.isEmpty == true { out.removeLast() }
    return out.joined(separator: "\n")
  }

  func listItem(_ line: String) -> (marker: String, text: String)? {
    if line.hasPrefix("- ") || line.hasPrefix("* ") || line.hasPrefix("+ ") {
      return ("  • ", String(line.dropFirst(2)))
    }
    let digits = line.prefix { $0.isNumber }
    if !digits.isEmpty, digits.count <= 3 {
      let rest = line.dropFirst(digits.count)
      if rest.hasPrefix(". ") || rest.hasPrefix(") ") {
        return ("  \(digits). ", String(rest.dropFirst(2)))
      }
    }
    return nil
  }

  func hanging(marker: String, text: String) -> [String] {
    let markerWidth = TextWrapper.visibleLength(marker)
    let body = TextWrapper.wrap(text, width: max(10, width - markerWidth))
    return body.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map {
      ($0.offset == 0 ? marker : String(repeating: " ", count: markerWidth)) + $0.element
    }
  }

  func callout(_ lines: [String]) -> [String] {
    var content = lines
    var label: String?
    if let first = content.first, first.hasPrefix("[!"), let close = first.firstIndex(of: "]") {
      label = String(first[first.index(first.startIndex, offsetBy: 2)..<close])
      content.removeFirst()
    }
    let inner = MarkdownRenderer(width: width - 4, color: color).render(
      content.joined(separator: "\n")
    )
    let style: TextStyle =
      switch label {
      case "WARNING", "CAUTION": .red
      case "IMPORTANT": .magenta
      case "TIP": .green
      default: .blue
      }
    var out: [String] = []
    if let label {
      out.append(color.apply(style, to: "┃ ") + color.apply(style, .bold, to: label))
    }
    for line in inner.split(separator: "\n", omittingEmptySubsequences: false) {
      out.append(color.apply(style, to: "┃ ") + line)
    }
    return out
  }

  func table(_ rows: [String]) -> [String] {
    var cells = rows.map { row -> [String] in
      var text = row
      if text.hasPrefix("|") { text.removeFirst() }
      if text.hasSuffix("|") { text.removeLast() }
      return text.split(separator: "|", omittingEmptySubsequences: false).map {
        inline(String($0).trimmingCharacters(in: " "))
      }
    }
    cells.removeAll { row in
      row.allSatisfy { cell in !cell.isEmpty && cell.allSatisfy { "-: ".contains($0) } }
    }
    guard let header = cells.first else { return [] }
    var table = TextTable(header: header, rows: Array(cells.dropFirst()), alignments: nil)
    table.alignments = nil
    let rendered = table.render(width: width)
    let fits = rendered.split(separator: "\n").allSatisfy {
      TextWrapper.visibleLength(String($0)) <= width
    }
    if fits { return rendered.split(separator: "\n").map(String.init) }
    // Too wide: one block per row, "header: value" lines.
    var out: [String] = []
    for row in cells.dropFirst() {
      for (column, value) in row.enumerated() where column < header.count {
        let line = color.apply(.bold, to: header[column] + ":") + " " + value
        out += hanging(marker: column == 0 ? "  • " : "    ", text: line)
      }
    }
    return out
  }

  /// Inline Markdown: **strong**, *emphasis*, `code` and [links](url).
  func inline(_ text: String) -> String {
    var out = ""
    var chars = Array(text)
    var index = 0
    func take(until marker: String) -> String? {
      let markerChars = Array(marker)
      var probe = index
      while probe + markerChars.count <= chars.count {
        if Array(chars[probe..<probe + markerChars.count]) == markerChars {
          let content = String(chars[index..<probe])
          index = probe + markerChars.count
          return content
        }
        probe += 1
      }
      return nil
    }
    while index < chars.count {
      let character = chars[index]
      if character == "`" {
        index += 1
        let start = index
        if let code = take(until: "`") {
          out += color.isEnabled ? color.apply(.cyan, to: code) : "`\(code)`"
          continue
        }
        index = start
        out.append("`")
        continue
      }
      if character == "*" || character == "_" {
        let double = index + 1 < chars.count && chars[index + 1] == character
        let marker = double ? String(repeating: character, count: 2) : String(character)
        let before = index > 0 ? chars[index - 1] : " "
        let startsWord = !(before.isLetter || before.isNumber)
        let start = index
        index += marker.count
        if startsWord, index < chars.count, chars[index] != " ", let content = take(until: marker),
          !content.isEmpty
        {
          out += color.apply(double ? .bold : .italic, to: inline(content))
          continue
        }
        index = start + 1
        out.append(character)
        continue
      }
      if character == "[" {
        let start = index
        index += 1
        if let label = take(until: "]("), let url = take(until: ")") {
          out += inline(label) + (url.hasPrefix("#") ? "" : " (\(url))")
          continue
        }
        index = start + 1
        out.append("[")
        continue
      }
      out.append(character)
      index += 1
    }
    chars = []
    return out
  }
}

extension String {
  fileprivate func trimmingCharacters(in set: String) -> String {
    var view = Substring(self)
    while let first = view.first, set.contains(first) { view.removeFirst() }
    while let last = view.last, set.contains(last) { view.removeLast() }
    return String(view)
  }
}
