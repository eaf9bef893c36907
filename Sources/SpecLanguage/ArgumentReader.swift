import Engine

/// Reads a term's arguments against its signature, with learner-friendly errors for
/// missing, extra, ill-typed and unknown arguments.
struct ArgumentReader {
  /// The largest whole number accepted for a size (larger ones are surely typos).
  static let largestNumber = 1_000_000_000_000

  let term: Term
  let usage: String
  private let positionalNames: [String]
  private let positional: [String]
  private let keyed: [String: String]
  private var nextPositional = 0

  /// Checks the argument list against `positional` names (`?` suffix = optional) and `keys`.
  init(term: Term, positional names: [String], keys: [String]) throws(SpecError) {
    self.term = term
    self.positionalNames = names
    var usageText = term.name
    let shownNames = names.map { $0.hasSuffix("?") ? "[\($0.dropLast())]" : $0 }
    var parts = shownNames
    parts += keys.map { "\($0)=…" }
    if !parts.isEmpty { usageText += "(" + parts.joined(separator: ", ") + ")" }
    self.usage = usageText
    var positional: [String] = []
    var keyed: [String: String] = [:]
    for argument in term.arguments {
      if let key = argument.key {
        guard keys.contains(key) else {
          var message = "unknown key `\(key)` for \(term.name)"
          if keys.isEmpty {
            message += "; it takes no keys (usage: \(usageText))"
          } else {
            if let near = NameSuggester.nearest(to: key, in: keys) {
              message += "; did you mean `\(near)`?"
            }
            message += " Keys: \(keys.joined(separator: ", "))"
          }
          throw term.error(message)
        }
        guard keyed[key] == nil else { throw term.error("the key `\(key)` is given twice") }
        keyed[key] = argument.value
      } else {
        guard keyed.isEmpty else {
          throw term.error(
            "the positional argument `\(argument.value)` comes after a key=value argument; put it first"
          )
        }
        positional.append(argument.value)
      }
    }
    if positional.count > names.count {
      let expected =
        names.isEmpty
        ? "takes no arguments"
        : "takes at most \(names.count) argument\(names.count == 1 ? "" : "s")"
      throw term.error("\(term.name) \(expected), got \(positional.count) (usage: \(usageText))")
    }
    self.positional = positional
    self.keyed = keyed
  }

  /// Whether another positional argument was written.
  var hasNextPositional: Bool { nextPositional < positional.count }

  /// The next positional argument as a whole number ≥ `minimum`.
  mutating func int(_ name: String, minimum: Int = 1) throws(SpecError) -> Int {
    guard nextPositional < positional.count else {
      throw term.error("\(term.name) needs \(name) (usage: \(usage))")
    }
    let text = positional[nextPositional]
    nextPositional += 1
    return try number(text, name: name, minimum: minimum)
  }

  /// The next positional argument as an activation, or `nil` when there is none.
  mutating func optionalActivation() throws(SpecError) -> ActivationFunction? {
    guard nextPositional < positional.count else { return nil }
    let text = positional[nextPositional]
    nextPositional += 1
    guard let function = ActivationFunction(rawValue: text) else {
      let allowed = ActivationFunction.allCases.map(\.rawValue).joined(separator: ", ")
      var message = "activation `\(text)` is not allowed; use one of \(allowed)"
      if let near = NameSuggester.nearest(
        to: text,
        in: ActivationFunction.allCases.map(\.rawValue)
      ) {
        message = "activation `\(text)` is not allowed; did you mean `\(near)`? Allowed: \(allowed)"
      }
      throw term.error(message)
    }
    return function
  }

  /// The next positional argument as a fraction in [0, 1).
  mutating func rate(_ name: String) throws(SpecError) -> Double {
    guard nextPositional < positional.count else {
      throw term.error("\(term.name) needs \(name) (usage: \(usage))")
    }
    let text = positional[nextPositional]
    nextPositional += 1
    guard let value = Double(text), value.isFinite,
      text.allSatisfy({ $0.isNumber || $0 == "." || $0 == "e" || $0 == "-" || $0 == "+" })
    else {
      throw term.error("\(name) must be a number such as 0.5, got `\(text)`")
    }
    guard value >= 0 && value < 1 else {
      throw term.error("\(name) must be at least 0 and below 1, got \(text)")
    }
    return value
  }

  /// The key's value as a whole number, or `fallback` when absent.
  func int(key: String, default fallback: Int, minimum: Int = 1) throws(SpecError) -> Int {
    guard let text = keyed[key] else { return fallback }
    return try number(text, name: key, minimum: minimum)
  }

  /// The key's value as `true`/`false`, or `fallback` when absent.
  func bool(key: String, default fallback: Bool) throws(SpecError) -> Bool {
    guard let text = keyed[key] else { return fallback }
    switch text {
    case "true": return true
    case "false": return false
    default: throw term.error("\(key) must be true or false, got `\(text)`")
    }
  }

  /// The key's value as one of `choices`, or `fallback` when absent.
  func choice(key: String, _ choices: [String], default fallback: String) throws(SpecError)
    -> String
  {
    guard let text = keyed[key] else { return fallback }
    guard choices.contains(text) else {
      throw term.error("\(key) must be \(choices.joined(separator: " or ")), got `\(text)`")
    }
    return text
  }

  /// The key's value as a padding mode (`valid` by default).
  func padding() throws(SpecError) -> Padding {
    Padding(rawValue: try choice(key: "padding", ["valid", "same"], default: "valid")) ?? .valid
  }

  private func number(_ text: String, name: String, minimum: Int) throws(SpecError) -> Int {
    guard !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }) else {
      throw term.error("\(name) must be a whole number, got `\(text)`")
    }
    guard let value = Int(text), value <= Self.largestNumber else {
      throw term.error("\(name) \(text) is too large (at most \(Self.largestNumber))")
    }
    guard value >= minimum else {
      throw term.error("\(name) must be at least \(minimum), got \(value)")
    }
    return value
  }
}
