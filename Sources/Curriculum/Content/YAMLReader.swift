import Yams

/// Reads values out of a composed YAML tree and records a located diagnostic for each
/// value that is missing or of the wrong kind.
struct YAMLReader {
  let file: String
  /// Added to Yams' 0-based line numbers: the line the YAML starts on in the file.
  let lineOffset: Int
  var diagnostics: [ContentDiagnostic] = []

  init(file: String, lineOffset: Int = 0) {
    self.file = file
    self.lineOffset = lineOffset
  }

  /// Composes `text`, or records the parser's error with its position.
  mutating func compose(_ text: String) -> Node? {
    do {
      return try Yams.compose(yaml: text)
    } catch let error as YamlError {
      switch error {
      case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
        .composer(_, let problem, let mark, _):
        diagnostics.append(
          ContentDiagnostic(
            file: file,
            line: mark.line + lineOffset,
            column: mark.column,
            message: "YAML: \(problem)"
          )
        )
      default:
        diagnostics.append(
          ContentDiagnostic(file: file, line: lineOffset + 1, message: "YAML: \(error)")
        )
      }
      return nil
    } catch {
      diagnostics.append(
        ContentDiagnostic(file: file, line: lineOffset + 1, message: "YAML: \(error)")
      )
      return nil
    }
  }

  func line(of node: Node?) -> Int { (node?.mark?.line ?? 0) + lineOffset }
  func column(of node: Node?) -> Int { node?.mark?.column ?? 1 }

  mutating func error(_ message: String, at node: Node?) {
    diagnostics.append(
      ContentDiagnostic(
        file: file,
        line: line(of: node),
        column: column(of: node),
        message: message
      )
    )
  }

  /// A required string; records an error when it is missing or not text.
  mutating func string(_ key: String, in node: Node, required: Bool = true) -> String? {
    guard let value = node[key] else {
      if required { error("missing `\(key)`", at: node) }
      return nil
    }
    guard let text = value.string, value.scalar != nil else {
      error("`\(key)` must be text", at: value)
      return nil
    }
    return text
  }

  mutating func int(_ key: String, in node: Node, required: Bool = true) -> Int? {
    guard let value = node[key] else {
      if required { error("missing `\(key)`", at: node) }
      return nil
    }
    guard let number = value.int else {
      error("`\(key)` must be a whole number", at: value)
      return nil
    }
    return number
  }

  mutating func strings(_ key: String, in node: Node, required: Bool = true) -> [String] {
    guard let value = node[key] else {
      if required { error("missing `\(key)`", at: node) }
      return []
    }
    guard let sequence = value.sequence else {
      error("`\(key)` must be a list", at: value)
      return []
    }
    return sequence.compactMap { item in
      guard let text = item.string, item.scalar != nil else {
        error("items of `\(key)` must be text", at: item)
        return nil
      }
      return text
    }
  }
}
