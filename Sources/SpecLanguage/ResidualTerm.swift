import Engine

/// Reads `residual(TERM TERM ...)`: the terms inside are a spec of their own (with repeats
/// and nested blocks), which becomes one `Residual` layer.
enum ResidualTerm {
  /// The block for `term`, or an error pointing at it (and at the inner term at fault).
  static func layer(for term: Term) throws(SpecError) -> any LayerDescription {
    guard let body = term.arguments.first?.value, term.arguments.count == 1 else {
      throw term.error(
        "residual needs the layers of its block inside the parentheses, e.g. residual(dense(64,relu) dense(64))"
      )
    }
    let inner: [Term]
    do {
      inner = try SpecTokenizer.terms(of: body)
    } catch {
      throw term.error("inside residual: \(error.message)")
    }
    var layers: [any LayerDescription] = []
    for part in inner {
      if part.name == "input" || Preset.named(part.name) != nil {
        throw term.error(
          "`\(part.text)` cannot be inside residual(...); the block takes the shape before it"
        )
      }
      let layer: any LayerDescription
      do {
        layer = try LayerCatalog.layer(for: part)
      } catch {
        throw term.error("inside residual, `\(part.text)`: \(error.message)")
      }
      layers += Array(repeating: layer, count: part.repeatCount)
    }
    return Residual(layers)
  }
}
