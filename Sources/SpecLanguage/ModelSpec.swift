import Engine

/// The entry point of the spec language: text in, `ModelDescription` out.
///
/// A spec is `input(...)` or a preset name, then layer terms, separated by white space
/// and/or `->` (see docs `model-spec.md`). Errors point at the term, numbered from 1 with
/// `input` (or the preset) as term 1, and never crash.
public enum ModelSpec {
  /// Every layer term the language knows (the standard ones, then the analytic blocks).
  public static var layerNames: [String] { LayerCatalog.names }

  /// Parses and builds `text`, computing every shape and count.
  public static func parse(_ text: String) throws(SpecError) -> ModelDescription {
    let terms = try SpecTokenizer.terms(of: text)
    guard let first = terms.first else {
      throw SpecError(
        term: 0,
        text: "",
        message:
          "the spec is empty; start with input(...) or a preset name, e.g. input(784) dense(10)"
      )
    }
    var model: ModelDescription
    if first.name == "input" {
      model = try inputModel(first)
    } else if let preset = Preset.named(first.name) {
      guard first.arguments.isEmpty && !first.text.contains("(") else {
        throw first.error("the preset \(preset.name) takes no arguments")
      }
      do {
        model = try parse(preset.spec)
      } catch {
        throw first.error("the preset \(preset.name) is broken: \(error.message)")
      }
      model.presetName = preset.name
    } else {
      let message =
        LayerCatalog.names.contains(first.name)
        ? "a spec starts with input(...) or a preset name, e.g. input(784) \(first.text)"
        : LayerCatalog.unknownNameMessage(first.name)
      throw first.error(message)
    }
    for term in terms.dropFirst() {
      if term.name == "input" {
        throw term.error("input can only be the first term")
      }
      if Preset.named(term.name) != nil {
        throw term.error("a preset can only be the first term")
      }
      let layer = try LayerCatalog.layer(for: term)
      do {
        for _ in 0..<term.repeatCount { try model.append(layer) }
      } catch {
        throw term.error(error.description)
      }
    }
    model.spec = text.trimmingWhitespace
    return model
  }

  /// The spec with a leading preset name replaced by its expansion, terms joined by one space.
  public static func expandedText(_ text: String) throws(SpecError) -> String {
    let terms = try SpecTokenizer.terms(of: text)
    var pieces = terms.map(\.text)
    if let first = terms.first, let preset = Preset.named(first.name) {
      pieces[0] = preset.spec
    }
    return pieces.joined(separator: " ")
  }

  private static func inputModel(_ term: Term) throws(SpecError) -> ModelDescription {
    guard !term.arguments.isEmpty else {
      throw term.error("input needs the shape of one example, e.g. input(784) or input(28,28,1)")
    }
    var dimensions: [Int] = []
    var reader = try ArgumentReader(
      term: term,
      positional: Array(repeating: "size", count: term.arguments.count),
      keys: []
    )
    for _ in term.arguments {
      dimensions.append(try reader.int("size"))
    }
    do {
      return try ModelDescription(inputShape: Shape(dimensions))
    } catch {
      throw term.error(error.description)
    }
  }
}
