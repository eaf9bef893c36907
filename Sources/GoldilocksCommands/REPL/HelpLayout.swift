import Terminal

/// Rearranges ArgumentParser's help and usage text so that a command's own options come
/// first and the options every command shares are listed once, at the end.
///
/// Every command declares the global options first (`@OptionGroup var global`), so the
/// parser lists them first; a learner reading `help quiz` should see `--count` and
/// `--topic` before `--db` and `--seed`.
enum HelpLayout {
  /// The spellings of the global options (`--db`, `--json`, ...), read from the root
  /// command, which has no options of its own.
  static let globalSpellings: [String] = CommandCatalog.standard.root.optionSpellings.filter {
    !["-h", "--help", "--version"].contains($0)
  }

  /// `text` with the global options moved out of OPTIONS into a GLOBAL OPTIONS section at
  /// the end, and out of the usage line into one `[<global options>]` at its end.
  static func globalOptionsLast(_ text: String, globals: [String] = globalSpellings) -> String {
    guard !globals.isEmpty else { return text }
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    lines = rewriteUsage(lines, globals: globals)
    guard let start = lines.firstIndex(of: "OPTIONS:") else { return lines.joined(separator: "\n") }
    var end = start + 1
    while end < lines.count, !lines[end].isEmpty, lines[end].hasPrefix(" ") { end += 1 }
    var kept: [String] = []
    var moved: [String] = []
    var movingCurrent = false
    for line in lines[(start + 1)..<end] {
      let leading = line.prefix { $0 == " " }.count
      if leading == 2 {
        let label = line.dropFirst(2)
        movingCurrent = globals.contains { spelling in
          label.hasPrefix(spelling + " ") || label == spelling
        }
      }
      if movingCurrent { moved.append(line) } else { kept.append(line) }
    }
    guard !moved.isEmpty else { return lines.joined(separator: "\n") }
    var result = Array(lines[..<start])
    if !kept.isEmpty { result += ["OPTIONS:"] + kept }
    var tail = Array(lines[end...])
    while let last = tail.last, last.isEmpty { tail.removeLast() }
    if kept.isEmpty, let first = tail.first, first.isEmpty { tail.removeFirst() }
    result += tail
    while let last = result.last, last.isEmpty { result.removeLast() }
    result += ["", "GLOBAL OPTIONS (every command):"] + moved
    return result.joined(separator: "\n") + (text.hasSuffix("\n") ? "\n" : "")
  }

  /// The usage block (`USAGE:` in help, `Usage:` in errors) with the global options' terms
  /// replaced by one `[<global options>]` at the end, re-wrapped with the same indent.
  static func rewriteUsage(_ lines: [String], globals: [String]) -> [String] {
    guard
      let start = lines.firstIndex(where: { $0.hasPrefix("USAGE: ") || $0.hasPrefix("Usage: ") })
    else { return lines }
    var end = start + 1
    while end < lines.count, lines[end].hasPrefix("       "), !lines[end].isEmpty { end += 1 }
    let prefix = String(lines[start].prefix(7))
    let joined = lines[start..<end].map { $0.dropFirst(7).trimmingCharacters(in: " ") }
      .joined(separator: " ")
    var terms: [String] = []
    var depth = 0
    var current = ""
    for character in joined {
      if character == "[" { depth += 1 }
      if character == "]" { depth -= 1 }
      if character == " ", depth == 0 {
        if !current.isEmpty { terms.append(current) }
        current = ""
      } else {
        current.append(character)
      }
    }
    if !current.isEmpty { terms.append(current) }
    let isGlobal: (String) -> Bool = { term in
      let bare = term.trimmingCharacters(in: "[]")
      return globals.contains { bare == $0 || bare.hasPrefix($0 + " ") }
    }
    guard terms.contains(where: isGlobal) else { return lines }
    let rewritten = terms.filter { !isGlobal($0) } + ["[<global options>]"]
    let usage = prefix + rewritten.joined(separator: " ")
    let width = max(60, lines.map(\.count).max() ?? 80)
    let wrapped = TextWrapper.wrapLine(usage, width: width, hangingIndent: 7)
    return Array(lines[..<start]) + wrapped + Array(lines[end...])
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

extension Substring {
  fileprivate func trimmingCharacters(in set: String) -> String {
    String(self).trimmingCharacters(in: set)
  }
}
