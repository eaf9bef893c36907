import Engine
import Foundation
import SpecLanguage

/// The model spec words of a command line, joined and parsed.
struct SpecInput {
  let text: String

  init(_ words: [String]) {
    text = words.joined(separator: " ")
  }

  /// The spec with presets written out, the text the weight cache is keyed by; the text as
  /// typed when it does not parse.
  var expandedText: String {
    (try? ModelSpec.expandedText(text)) ?? text
  }

  /// Parses the spec and remembers it as the session's last model (for `whatif`).
  func model(in context: CommandContext) throws -> ModelDescription {
    guard !text.trimmingCharacters(in: .whitespaces).isEmpty else {
      throw SpecError(
        term: 0,
        text: "",
        message:
          "give a model, e.g. 'input(784) dense(128,relu) dense(10)' or a preset such as seed-mlp"
      )
    }
    if ModelFile.looksLikePath(text) {
      return try ModelFileInput.model(path: text.trimmingCharacters(in: .whitespaces))
    }
    let model = try ModelSpec.parse(text)
    context.session.lastSpec = text
    return model
  }
}
