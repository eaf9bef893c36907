import Engine

/// What a sweep varies and over which values, parsed from `--vary NAME=V1,V2,...`.
///
/// - `width`: the units (or filters) of the first hidden layer; the other hidden layers are
///   scaled by the same ratio, so one number names the model's width.
/// - `depth`: the number of hidden layers, by repeating or removing the last hidden layer.
/// - `sparsity`: magnitude pruning of the trained model to each sparsity.
/// - `bits`: post-training quantization of the trained model to 32, 16, 8 or 4 bits.
public struct SweepPlan: Sendable, Equatable {
  /// The quantity varied.
  public enum Knob: String, Sendable, Equatable, CaseIterable {
    case width
    case depth
    case sparsity
    case bits
  }

  public var knob: Knob
  public var values: [Double]

  /// Parses `NAME=V1,V2,...`; between 2 and 12 values.
  public static func parse(_ text: String) throws(EngineError) -> SweepPlan {
    let names = Knob.allCases.map(\.rawValue).joined(separator: ", ")
    guard let equals = text.firstIndex(of: "="),
      let knob = Knob(rawValue: trimmed(text[..<equals]).lowercased())
    else {
      throw .invalidArgument(
        "`\(text)`: write NAME=V1,V2,... with NAME one of \(names), e.g. width=32,64,128"
      )
    }
    let pieces = text[text.index(after: equals)...].split(separator: ",").map { trimmed($0) }
    var values: [Double] = []
    for piece in pieces {
      guard let value = Double(piece), value.isFinite else {
        throw .invalidArgument("\(knob.rawValue): '\(piece)' is not a number")
      }
      switch knob {
      case .width, .depth:
        guard value == value.rounded(), value >= (knob == .width ? 1 : 0), value <= 65_536 else {
          throw .invalidArgument(
            "\(knob.rawValue): '\(piece)' must be a whole number \(knob == .width ? "of at least 1" : "of 0 or more")"
          )
        }
      case .sparsity:
        guard value >= 0, value < 1 else {
          throw .invalidArgument(
            "sparsity: '\(piece)' must be from 0 up to (not including) 1"
          )
        }
      case .bits:
        guard [32, 16, 8, 4].contains(value) else {
          throw .invalidArgument("bits: '\(piece)' must be 32, 16, 8 or 4")
        }
      }
      values.append(value)
    }
    guard values.count >= 2, values.count <= 12 else {
      throw .invalidArgument(
        "\(knob.rawValue): give between 2 and 12 values, got \(values.count)"
      )
    }
    guard Set(values).count == values.count else {
      throw .invalidArgument("\(knob.rawValue): each value once, please")
    }
    return SweepPlan(knob: knob, values: values)
  }

  /// The spec for one value of a width or depth sweep (terms of an expanded spec).
  public func spec(_ terms: [String], value: Double) throws(EngineError) -> String {
    switch knob {
    case .width: SpecRewriter.text(try SpecRewriter.setWidth(terms, to: Int(value)))
    case .depth: SpecRewriter.text(try SpecRewriter.setDepth(terms, to: Int(value)))
    case .sparsity, .bits: SpecRewriter.text(terms)
    }
  }

  /// A value as the learner typed it (`64`, `0.5`).
  public static func label(_ value: Double) -> String { SpecRewriter.number(value) }
}
