import Engine
import Foundation

/// Rewrites a spec's text for what-ifs and sweeps: wider, deeper, a term replaced, fewer inputs.
///
/// It works on the terms of an already valid, expanded spec (no preset names), so the
/// result is parsed again by the caller and any shape problem is reported there, pointing
/// at the term. A hidden layer is a term with units or filters (`dense`, `conv2d`,
/// `separableconv2d`, `simplernn`, `lstm`, `gru`) other than the last such term, the output
/// layer.
public enum SpecRewriter {
  /// The terms that carry a units or filters count as their first argument.
  public static let sizedLayers: Set<String> = [
    "dense", "conv2d", "separableconv2d", "simplernn", "lstm", "gru",
  ]

  /// The terms of `spec`, split on white space and `->` outside parentheses.
  public static func terms(_ spec: String) -> [String] {
    var terms: [String] = []
    var current = ""
    var depth = 0
    let characters = Array(spec)
    var index = 0
    while index < characters.count {
      let character = characters[index]
      if depth == 0
        && (character.isWhitespace
          || (character == "-" && index + 1 < characters.count && characters[index + 1] == ">"))
      {
        if !current.isEmpty { terms.append(current) }
        current = ""
        index += character == "-" ? 2 : 1
        continue
      }
      if character == "(" { depth += 1 }
      if character == ")" { depth = max(0, depth - 1) }
      if !(depth > 0 && character.isWhitespace) { current.append(character) }
      index += 1
    }
    if !current.isEmpty { terms.append(current) }
    return terms
  }

  /// The name of a term (`dense` for `dense(128,relu)`).
  public static func name(_ term: String) -> String {
    String(term.prefix { $0 != "(" }).lowercased()
  }

  /// The positions (0-based, in `terms`) of the hidden layers.
  public static func hiddenLayers(_ terms: [String]) -> [Int] {
    let sized = terms.indices.filter { $0 > 0 && sizedLayers.contains(name(terms[$0])) }
    return Array(sized.dropLast())
  }

  /// The units or filters of a sized term.
  public static func size(_ term: String) -> Int? {
    arguments(term).first.flatMap { Int($0) }
  }

  /// Multiplies the units or filters of every hidden layer by `factor` (at least 1 each).
  public static func scaleWidth(_ terms: [String], by factor: Double) throws(EngineError)
    -> [String]
  {
    let hidden = hiddenLayers(terms)
    guard !hidden.isEmpty else { throw noHidden("width") }
    var result = terms
    for index in hidden {
      guard let units = size(terms[index]) else { continue }
      let scaled = max(1, Int((Double(units) * factor).rounded()))
      result[index] = withSize(terms[index], scaled)
    }
    return result
  }

  /// Sets the first hidden layer to `units` and scales the other hidden layers by the same
  /// ratio, so one number names the width of the whole model.
  public static func setWidth(_ terms: [String], to units: Int) throws(EngineError) -> [String] {
    let hidden = hiddenLayers(terms)
    guard let first = hidden.first, let base = size(terms[first]), base > 0 else {
      throw noHidden("width")
    }
    guard units >= 1 else { throw .invalidArgument("a width must be at least 1, got \(units)") }
    var result = try scaleWidth(terms, by: Double(units) / Double(base))
    result[first] = withSize(terms[first], units)
    return result
  }

  /// Repeats (delta > 0) or removes (delta < 0) the last hidden layer.
  public static func changeDepth(_ terms: [String], by delta: Int) throws(EngineError) -> [String] {
    var result = terms
    let hidden = hiddenLayers(terms)
    guard let last = hidden.last else { throw noHidden("depth") }
    if delta > 0 {
      result.insert(contentsOf: Array(repeating: terms[last], count: delta), at: last + 1)
    } else {
      guard -delta <= hidden.count else {
        throw .invalidArgument(
          "depth=\(delta): the model has only \(hidden.count) hidden layer\(hidden.count == 1 ? "" : "s")"
        )
      }
      for index in hidden.suffix(-delta).reversed() { result.remove(at: index) }
    }
    return result
  }

  /// Adds or removes hidden layers (the last one repeated or dropped) until there are `count`.
  public static func setDepth(_ terms: [String], to count: Int) throws(EngineError) -> [String] {
    guard count >= 0 else { throw .invalidArgument("a depth must be 0 or more, got \(count)") }
    let delta = count - hiddenLayers(terms).count
    return delta == 0 ? terms : try changeDepth(terms, by: delta)
  }

  /// Replaces term `number` (1 = the input term) with `text`.
  public static func replace(_ terms: [String], term number: Int, with text: String)
    throws(EngineError) -> [String]
  {
    guard number >= 2, number <= terms.count else {
      throw .invalidArgument(
        "layer=\(number):…: the spec has terms 1 to \(terms.count) and term 1 is the input; replace a term from 2 to \(terms.count) (or use features=K for the input)"
      )
    }
    var result = terms
    result[number - 1] = text
    return result
  }

  /// Changes a flat `input(N)` to `input(k)`.
  public static func setInputFeatures(_ terms: [String], to k: Int) throws(EngineError)
    -> [String]
  {
    guard let first = terms.first, name(first) == "input", arguments(first).count == 1 else {
      throw .invalidArgument(
        "features=\(k) needs a flat input such as input(30); this model starts with \(terms.first ?? "nothing")"
      )
    }
    var result = terms
    result[0] = "input(\(k))"
    return result
  }

  /// The spec text of `terms`.
  public static func text(_ terms: [String]) -> String {
    terms.joined(separator: " ")
  }

  /// A number without a trailing `.0`.
  public static func number(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
  }

  static func arguments(_ term: String) -> [String] {
    guard let open = term.firstIndex(of: "("), let close = term.lastIndex(of: ")"), open < close
    else { return [] }
    return term[term.index(after: open)..<close].split(separator: ",").map { trimmed($0) }
  }

  static func withSize(_ term: String, _ size: Int) -> String {
    var arguments = arguments(term)
    guard !arguments.isEmpty else { return term }
    arguments[0] = String(size)
    return name(term) + "(" + arguments.joined(separator: ",") + ")"
  }

  static func noHidden(_ change: String) -> EngineError {
    .invalidArgument(
      "\(change) changes hidden layers, and this model has none: it goes from its input straight to its output layer"
    )
  }
}
