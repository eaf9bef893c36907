extension GPTModel {
  /// The matrices pruning acts on: the four linear weights of every block.
  ///
  /// These are `c_attn`, `attn.c_proj`, `c_fc` and `mlp.c_proj`. The token embedding (also the tied head), the
  /// position table, biases and norms are left whole.
  public var prunableMatrices: [ParameterSlot] {
    blocks.flatMap { $0.attention.matrices + $0.mlp.matrices }
  }

  /// A keep-mask over every parameter (1 kept, 0 pruned) that removes the `sparsity`
  /// fraction of smallest-magnitude weights of the prunable matrices: round(sparsity × n) of
  /// each matrix of n weights, or with `global` of all of them ranked together.
  public func magnitudeMask(sparsity: Double, global: Bool) throws(EngineError) -> [Float] {
    guard sparsity >= 0, sparsity < 1 else {
      throw .invalidArgument("the sparsity must be in [0, 1), got \(sparsity)")
    }
    var mask = [Float](repeating: 1, count: parameterCount)
    let values = parameters.values
    func prune(_ indices: [Int]) {
      let count = Int((sparsity * Double(indices.count)).rounded())
      guard count > 0 else { return }
      let ranked = indices.sorted {
        abs(values[$0]) < abs(values[$1]) || (abs(values[$0]) == abs(values[$1]) && $0 < $1)
      }
      for index in ranked.prefix(count) { mask[index] = 0 }
    }
    if global {
      prune(prunableMatrices.flatMap { Array($0.offset..<($0.offset + $0.count)) })
    } else {
      for slot in prunableMatrices { prune(Array(slot.offset..<(slot.offset + slot.count))) }
    }
    return mask
  }

  /// Multiplies every parameter by `mask` (zeroing the pruned ones).
  public mutating func apply(mask: [Float]) {
    precondition(mask.count == parameterCount, "one mask value per parameter")
    for index in mask.indices where mask[index] == 0 { parameters.values[index] = 0 }
  }

  /// Parameters that are not zero.
  public var nonzeroParameterCount: Int {
    parameters.values.reduce(0) { $0 + ($1 != 0 ? 1 : 0) }
  }

  /// The same model with `count` attention heads removed from every block.
  ///
  /// The heads removed are those whose query, key and value rows of `c_attn` and input columns of `attn.c_proj` have the
  /// smallest L2 norm. The remaining heads keep their size, so the attention width shrinks
  /// from heads × head size to (heads − count) × head size and the model is smaller.
  public func removingHeads(_ count: Int) throws(EngineError) -> GPTModel {
    let c = configuration
    guard count >= 0, count < c.heads else {
      throw .invalidArgument(
        "each block has \(c.heads) heads; remove between 0 and \(c.heads - 1) of them, not \(count)"
      )
    }
    var shape = c
    shape.heads = c.heads - count
    shape.headWidth = c.headSize
    var pruned = try GPTModel(configuration: shape)
    let hd = c.headSize
    let a = c.attentionWidth
    var keptRows: [String: [Int]] = [:]
    var keptColumns: [String: [Int]] = [:]
    for block in blocks {
      let attention = block.attention
      let qkv = parameters.values(of: attention.queryKeyValue.weight)
      let projection = parameters.values(of: attention.output.weight)
      let d = c.width
      let norms = (0..<c.heads).map { h -> Double in
        var total = 0.0
        for part in 0..<3 {
          for row in (part * a + h * hd)..<(part * a + (h + 1) * hd) {
            for column in 0..<d { total += Double(qkv[row * d + column] * qkv[row * d + column]) }
          }
        }
        for row in 0..<d {
          for column in (h * hd)..<((h + 1) * hd) {
            total += Double(projection[row * a + column] * projection[row * a + column])
          }
        }
        return total
      }
      let heads = Self.strongest(norms, keep: c.heads - count)
      let features = heads.flatMap { Array(($0 * hd)..<(($0 + 1) * hd)) }
      keptRows[attention.queryKeyValue.weight.name] = (0..<3).flatMap { part in
        features.map { part * a + $0 }
      }
      keptColumns[attention.output.weight.name] = features
    }
    copyParameters(into: &pruned, keptRows: keptRows, keptColumns: keptColumns)
    return pruned
  }

  /// The same model with `count` hidden features removed from every MLP: those whose `c_fc`
  /// row (and bias) and `mlp.c_proj` column have the smallest L2 norm.
  public func removingHiddenFeatures(_ count: Int) throws(EngineError) -> GPTModel {
    let c = configuration
    guard count >= 0, count < c.hiddenWidth else {
      throw .invalidArgument(
        "each MLP has \(c.hiddenWidth) hidden features; remove between 0 and \(c.hiddenWidth - 1), not \(count)"
      )
    }
    var shape = c
    shape.hiddenWidth = c.hiddenWidth - count
    var pruned = try GPTModel(configuration: shape)
    let d = c.width
    let h = c.hiddenWidth
    var keptRows: [String: [Int]] = [:]
    var keptColumns: [String: [Int]] = [:]
    for block in blocks {
      let expand = parameters.values(of: block.mlp.expand.weight)
      let project = parameters.values(of: block.mlp.project.weight)
      let bias = block.mlp.expand.bias.map { parameters.values(of: $0) }
      let norms = (0..<h).map { feature -> Double in
        var total = Double((bias?[feature] ?? 0) * (bias?[feature] ?? 0))
        for column in 0..<d {
          total += Double(expand[feature * d + column] * expand[feature * d + column])
        }
        for row in 0..<d {
          total += Double(project[row * h + feature] * project[row * h + feature])
        }
        return total
      }
      let features = Self.strongest(norms, keep: h - count)
      keptRows[block.mlp.expand.weight.name] = features
      keptColumns[block.mlp.project.weight.name] = features
    }
    copyParameters(into: &pruned, keptRows: keptRows, keptColumns: keptColumns)
    return pruned
  }

  /// The indices of the `keep` largest norms, in increasing order (a tie keeps the lower index).
  static func strongest(_ norms: [Double], keep: Int) -> [Int] {
    norms.indices.sorted { norms[$0] > norms[$1] || (norms[$0] == norms[$1] && $0 < $1) }
      .prefix(keep).sorted()
  }

  /// Copies every parameter into `pruned`, which has the same names: of a weight in
  /// `keptRows` only those rows (and the same entries of its bias), of one in `keptColumns`
  /// only those columns, everything else whole.
  func copyParameters(
    into pruned: inout GPTModel,
    keptRows: [String: [Int]],
    keptColumns: [String: [Int]]
  ) {
    for slot in pruned.parameters.slots {
      let name = slot.name
      guard let source = parameters.slot(named: name) else { continue }
      let values = parameters.values(of: source)
      if let rows = keptRows[name] {
        pruned.parameters.setValues(Self.rows(rows, of: values, columns: source.shape[1]), of: slot)
      } else if name.hasSuffix(".bias"), let rows = keptRows[String(name.dropLast(4)) + "weight"] {
        pruned.parameters.setValues(rows.map { values[$0] }, of: slot)
      } else if let columns = keptColumns[name] {
        pruned.parameters.setValues(
          Self.columns(columns, of: values, columns: source.shape[1]),
          of: slot
        )
      } else {
        pruned.parameters.setValues(values, of: slot)
      }
    }
  }

  static func rows(_ rows: [Int], of values: [Float], columns: Int) -> [Float] {
    rows.flatMap { values[($0 * columns)..<(($0 + 1) * columns)] }
  }

  static func columns(_ kept: [Int], of values: [Float], columns: Int) -> [Float] {
    let rows = values.count / columns
    return (0..<rows).flatMap { row in kept.map { values[row * columns + $0] } }
  }
}
