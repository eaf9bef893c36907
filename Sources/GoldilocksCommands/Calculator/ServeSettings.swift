import Engine

/// The settings of `calc serve` as changeable values, for `calc whatif MODEL precision=int4
/// context=x4 batch=8 instance=ml.g5.2xlarge` and `calc sweep MODEL --vary context`.
struct ServeSettings: Equatable {
  /// The change keys (the `calc serve` options without their dashes).
  static let keys = [
    "precision", "group", "kv-precision", "context", "batch", "instance", "gpu", "gpus",
  ]

  var precision = ServingPrecision.bf16
  var group = 128
  var keyValuePrecision: ServingPrecision?
  var context = 4096
  var batch = 1
  var target = ServePlanner.Target.cheapestFit

  /// Whether `word` is a serving change such as `context=x4`.
  static func isChange(_ word: String) -> Bool {
    guard let equals = word.firstIndex(of: "=") else { return false }
    return keys.contains(String(word[..<equals]))
  }

  /// The estimate's options.
  var options: ServingEstimate.Options {
    ServingEstimate.Options(
      precision: precision,
      groupSize: group,
      keyValuePrecision: keyValuePrecision,
      context: context,
      batch: batch
    )
  }

  /// `precision int4, context 16384, batch 8 on ml.g5.2xlarge`.
  var label: String {
    let on: String
    switch target {
    case .instance(let name): on = name
    case .gpu(let name, let count): on = "\(count) x \(name)"
    case .cheapestFit: on = "the best-value fit"
    }
    return "\(precision.rawValue), context \(context), batch \(batch) on \(on)"
  }

  /// Applies `key=value`; `context` and `batch` also take `xF` (multiply).
  mutating func apply(_ word: String) throws {
    guard let equals = word.firstIndex(of: "=") else {
      throw GoldilocksError.invalidValue(
        "`\(word)` is not a change; write key=value, e.g. context=x4"
      )
    }
    let key = String(word[..<equals])
    let value = String(word[word.index(after: equals)...])
    switch key {
    case "precision":
      guard let parsed = ServingPrecision(rawValue: value) else {
        throw GoldilocksError.invalidValue(
          "precision must be fp32, bf16, fp16, int8 or int4, got `\(value)`"
        )
      }
      precision = parsed
    case "kv-precision":
      guard let parsed = ServingPrecision(rawValue: value), parsed != .int4 else {
        throw GoldilocksError.invalidValue(
          "kv-precision must be fp32, bf16, fp16 or int8, got `\(value)`"
        )
      }
      keyValuePrecision = parsed
    case "context": context = try Self.number(value, current: context, key: key, limit: 10_000_000)
    case "batch": batch = try Self.number(value, current: batch, key: key, limit: 100_000)
    case "group": group = try Self.number(value, current: group, key: key, limit: 1_048_576)
    case "instance": target = .instance(value)
    case "gpu": target = .gpu(value, 1)
    case "gpus":
      guard case .gpu(let name, _) = target else {
        throw GoldilocksError.invalidValue("gpus=N needs gpu=NAME before it, e.g. gpu=A10G gpus=2")
      }
      target = .gpu(name, try Self.number(value, current: 1, key: key, limit: 1024))
    default:
      throw GoldilocksError.invalidValue(
        "unknown serving change `\(key)`; use one of \(Self.keys.joined(separator: ", "))"
      )
    }
  }

  private static func number(_ text: String, current: Int, key: String, limit: Int) throws -> Int {
    var result: Int?
    if text.hasPrefix("x"), let factor = Double(text.dropFirst()), factor > 0, factor.isFinite {
      let scaled = (Double(current) * factor).rounded()
      if scaled >= 1 && scaled <= Double(limit) { result = Int(scaled) }
    } else if let value = Int(text), (1...limit).contains(value) {
      result = value
    }
    guard let result else {
      throw GoldilocksError.invalidValue(
        "\(key) must be a whole number between 1 and \(limit) or a factor such as x4, got `\(text)`"
      )
    }
    return result
  }
}
