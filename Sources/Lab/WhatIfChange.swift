import Engine

/// One change a learner asks `whatif` about, written `NAME=VALUE`.
///
/// - `width=x2`, `width=x0.5`: multiply the units (dense, recurrent) or filters (conv) of
///   every hidden layer; the output layer keeps its size.
/// - `depth=+1`, `depth=-1`: repeat or remove the last hidden layer (any whole number).
/// - `layer=N:TERM`: replace term N by TERM, counting as spec errors do: the `input` (or
///   preset) term is term 1, so `layer=2:dense(256,relu)` replaces the first layer.
/// - `features=K`: keep the K input features of highest ANOVA F on the training split
///   (scikit-learn's `SelectKBest(f_classif)`) and shrink `input(N)` to `input(K)`.
/// - `dataset=NAME`: train and measure the changed model on another dataset.
/// - `quantize=fp16|int8|int4`, `prune=S`, `structured-prune=S`: compress the trained
///   model (post-training quantization, magnitude pruning to sparsity S, or removing whole
///   units/filters to sparsity S).
public enum WhatIfChange: Sendable, Equatable, CustomStringConvertible {
  case width(factor: Double)
  case depth(delta: Int)
  case layer(term: Int, text: String)
  case features(Int)
  case dataset(String)
  case quantize(String)
  case prune(Double)
  case structuredPrune(Double)

  /// Every change name, as typed before `=`.
  public static let names = [
    "width", "depth", "layer", "features", "dataset", "quantize", "prune", "structured-prune",
  ]

  /// Whether a command-line word is a change (`NAME=...` with a known name) rather than part
  /// of the spec.
  public static func looksLikeChange(_ word: String) -> Bool {
    guard let equals = word.firstIndex(of: "=") else { return false }
    return names.contains(String(word[..<equals]).lowercased())
  }

  /// Parses `NAME=VALUE`; the error says what is allowed.
  public static func parse(_ text: String) throws(EngineError) -> WhatIfChange {
    guard let equals = text.firstIndex(of: "=") else {
      throw .invalidArgument(
        "'\(text)' is not a change; write NAME=VALUE with NAME one of \(names.joined(separator: ", ")), e.g. width=x2"
      )
    }
    let name = text[..<equals].lowercased()
    let value = trimmed(text[text.index(after: equals)...])
    switch name {
    case "width":
      let number = value.hasPrefix("x") || value.hasPrefix("×") ? String(value.dropFirst()) : value
      guard let factor = Double(number), factor.isFinite, factor > 0, factor <= 64 else {
        throw .invalidArgument(
          "width=\(value): give a factor such as width=x2 or width=x0.5 (above 0, at most 64)"
        )
      }
      return .width(factor: factor)
    case "depth":
      let number = value.hasPrefix("+") ? String(value.dropFirst()) : value
      guard let delta = Int(number), delta != 0, abs(delta) <= 32 else {
        throw .invalidArgument(
          "depth=\(value): give a number of layers to add or remove, such as depth=+1 or depth=-1"
        )
      }
      return .depth(delta: delta)
    case "layer":
      guard let colon = value.firstIndex(of: ":"),
        let term = Int(value[..<colon]),
        term >= 1
      else {
        throw .invalidArgument(
          "layer=\(value): write layer=N:TERM, e.g. layer=2:dense(256,relu) (term 1 is the input)"
        )
      }
      let replacement = trimmed(value[value.index(after: colon)...])
      guard !replacement.isEmpty else {
        throw .invalidArgument("layer=\(value): the new term after ':' is missing")
      }
      return .layer(term: term, text: replacement)
    case "features":
      guard let k = Int(value), k >= 1 else {
        throw .invalidArgument(
          "features=\(value): give a whole number of features, e.g. features=32"
        )
      }
      return .features(k)
    case "dataset":
      guard !value.isEmpty else {
        throw .invalidArgument("dataset=: name a dataset, e.g. dataset=fraud (see `calc datasets`)")
      }
      return .dataset(value)
    case "quantize":
      guard ["fp16", "int8", "int4"].contains(value.lowercased()) else {
        throw .invalidArgument("quantize=\(value): choose fp16, int8 or int4")
      }
      return .quantize(value.lowercased())
    case "prune", "structured-prune":
      guard let sparsity = Double(value), sparsity >= 0, sparsity < 1 else {
        throw .invalidArgument(
          "\(name)=\(value): give a sparsity from 0 up to (not including) 1, e.g. \(name)=0.5"
        )
      }
      return name == "prune" ? .prune(sparsity) : .structuredPrune(sparsity)
    default:
      throw .invalidArgument(
        "unknown change '\(name)'; use one of \(names.joined(separator: ", ")), e.g. width=x2"
      )
    }
  }

  /// Whether the change rewrites the spec (rather than the data or the trained weights).
  public var changesSpec: Bool {
    switch self {
    case .width, .depth, .layer, .features: true
    default: false
    }
  }

  /// Whether the change compresses the trained model.
  public var isCompression: Bool {
    switch self {
    case .quantize, .prune, .structuredPrune: true
    default: false
    }
  }

  public var description: String {
    switch self {
    case .width(let factor): "width=x\(SpecRewriter.number(factor))"
    case .depth(let delta): "depth=\(delta > 0 ? "+" : "")\(delta)"
    case .layer(let term, let text): "layer=\(term):\(text)"
    case .features(let k): "features=\(k)"
    case .dataset(let name): "dataset=\(name)"
    case .quantize(let format): "quantize=\(format)"
    case .prune(let sparsity): "prune=\(SpecRewriter.number(sparsity))"
    case .structuredPrune(let sparsity): "structured-prune=\(SpecRewriter.number(sparsity))"
    }
  }
}

/// `text` without leading and trailing white space.
func trimmed(_ text: some StringProtocol) -> String {
  var rest = Substring(text)
  while let first = rest.first, first.isWhitespace { rest.removeFirst() }
  while let last = rest.last, last.isWhitespace { rest.removeLast() }
  return String(rest)
}
