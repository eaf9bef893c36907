/// The weight penalty of a linear model: none, L2 (ridge) or L1 (lasso).
///
/// L1 drives weights to exactly zero, which is what makes a lasso model prunable for free:
/// its sparse encoding stores only the nonzero weights.
public enum LinearPenalty: Sendable, Equatable {
  /// No penalty (ordinary least squares, or unregularised logistic regression).
  case none
  /// Squared L2 norm times the strength; ridge for regression.
  case l2(Double)
  /// L1 norm times the strength; lasso for regression.
  case l1(Double)

  var code: UInt8 {
    switch self {
    case .none: return 0
    case .l2: return 1
    case .l1: return 2
    }
  }

  var strength: Double {
    switch self {
    case .none: return 0
    case .l2(let alpha), .l1(let alpha): return alpha
    }
  }

  init(code: UInt8, strength: Float, reader: CompactByteReader) throws(ClassicalModelError) {
    switch code {
    case 0: self = .none
    case 1: self = .l2(Double(strength))
    case 2: self = .l1(Double(strength))
    default: throw reader.fail("unknown penalty \(code)")
    }
  }

  func validate() throws(ClassicalModelError) {
    let alpha = strength
    guard alpha >= 0, alpha.isFinite else {
      throw .invalidParameter(
        name: "penalty strength",
        value: "\(alpha)",
        expected: "a finite number ≥ 0"
      )
    }
  }
}

/// How a linear model's weights are written: every weight, or only the nonzero ones.
public enum WeightEncoding: UInt8, Sendable, Equatable, CaseIterable {
  /// `count` then every weight as Float32: `4 + 4·n` bytes.
  case dense = 0
  /// `count`, nonzero count, a bitmask of nonzero positions (LSB first), then the nonzero
  /// weights as Float32: `8 + ⌈n/8⌉ + 4·nnz` bytes (Core ML's mask-plus-values layout).
  case sparse = 1
}

/// Reading and writing a weight block in either encoding.
enum WeightBlock {
  static func byteCount(_ weights: [Float], _ encoding: WeightEncoding) -> Int {
    switch encoding {
    case .dense: return 1 + 4 + 4 * weights.count
    case .sparse:
      return 1 + 8 + (weights.count + 7) / 8 + 4 * weights.reduce(0) { $0 + ($1 != 0 ? 1 : 0) }
    }
  }

  static func write(
    _ weights: [Float],
    _ encoding: WeightEncoding,
    to writer: inout CompactByteWriter
  ) {
    writer.append(encoding.rawValue)
    writer.append(UInt32(weights.count))
    switch encoding {
    case .dense:
      for w in weights { writer.append(w) }
    case .sparse:
      let nonzero = weights.filter { $0 != 0 }
      writer.append(UInt32(nonzero.count))
      var mask = [UInt8](repeating: 0, count: (weights.count + 7) / 8)
      for (index, w) in weights.enumerated() where w != 0 {
        mask[index / 8] |= 1 << UInt8(index % 8)
      }
      writer.bytes.append(contentsOf: mask)
      for w in nonzero { writer.append(w) }
    }
  }

  static func read(_ reader: inout CompactByteReader, count expected: Int)
    throws(ClassicalModelError)
    -> [Float]
  {
    let code = try reader.u8()
    guard let encoding = WeightEncoding(rawValue: code) else {
      throw reader.fail("unknown weight encoding \(code)")
    }
    let count = Int(try reader.u32())
    guard count == expected else {
      throw reader.fail("\(count) weights stored, the header implies \(expected)")
    }
    switch encoding {
    case .dense:
      try reader.need(4 * count)
      var weights: [Float] = []
      weights.reserveCapacity(count)
      for _ in 0..<count { weights.append(try reader.finite("a weight")) }
      return weights
    case .sparse:
      let nonzero = Int(try reader.u32())
      let maskBytes = (count + 7) / 8
      try reader.need(maskBytes)
      let mask = Array(reader.bytes[reader.offset..<(reader.offset + maskBytes)])
      let set = mask.reduce(0) { $0 + $1.nonzeroBitCount }
      guard set == nonzero, nonzero <= count else {
        throw reader.fail("the bitmask marks \(set) weights but \(nonzero) are stored")
      }
      if count % 8 != 0, mask[maskBytes - 1] >> UInt8(count % 8) != 0 {
        throw reader.fail("the bitmask marks weights past the end")
      }
      reader.offset += maskBytes
      try reader.need(4 * nonzero)
      var weights = [Float](repeating: 0, count: count)
      for index in 0..<count where mask[index / 8] & (1 << UInt8(index % 8)) != 0 {
        let w = try reader.finite("a weight")
        guard w != 0 else { throw reader.fail("the sparse block stores an explicit zero") }
        weights[index] = w
      }
      return weights
    }
  }
}
