/// A canonical, length-limited Huffman code as DEFLATE uses it (RFC 1951 §3.2.2).
///
/// Lengths come from the classic two-queue Huffman construction; if the longest code exceeds
/// `maxLength`, the frequencies are halved (keeping every used symbol at least 1) and the code
/// is rebuilt, which costs a fraction of a percent in the rare blocks where it happens.
/// Codes are assigned canonically (shorter first, then by symbol) and stored bit-reversed,
/// ready for a least-significant-bit-first writer.
struct HuffmanCode {
  /// Code length per symbol (0 = unused).
  let lengths: [UInt8]
  /// Bit-reversed code per symbol.
  let codes: [UInt32]

  /// Builds a code for `frequencies` with lengths ≤ `maxLength`.
  ///
  /// At least two symbols get a code, so the code is complete (zlib's inflate rejects most
  /// incomplete codes).
  init(frequencies: [Int], maxLength: Int) {
    var frequencies = frequencies
    var used = frequencies.indices.filter { frequencies[$0] > 0 }
    var extra = 0
    while used.count < 2 {
      if frequencies[extra] == 0 {
        frequencies[extra] = 1
        used.append(extra)
      }
      extra += 1
    }
    var lengths = HuffmanCode.lengths(frequencies)
    while (lengths.max() ?? 0) > maxLength {
      frequencies = frequencies.map { $0 == 0 ? 0 : max(1, $0 / 2) }
      lengths = HuffmanCode.lengths(frequencies)
    }
    self.init(lengths: lengths.map { UInt8($0) })
  }

  /// The canonical code for given lengths.
  init(lengths: [UInt8]) {
    self.lengths = lengths
    let maxLength = Int(lengths.max() ?? 0)
    var countPerLength = [Int](repeating: 0, count: maxLength + 1)
    for length in lengths where length > 0 { countPerLength[Int(length)] += 1 }
    var next = [UInt32](repeating: 0, count: maxLength + 2)
    var code: UInt32 = 0
    if maxLength > 0 {
      for bits in 1...maxLength {
        code = (code + UInt32(countPerLength[bits - 1])) << 1
        next[bits] = code
      }
    }
    var codes = [UInt32](repeating: 0, count: lengths.count)
    for (symbol, length) in lengths.enumerated() where length > 0 {
      codes[symbol] = reverseBits(next[Int(length)], count: Int(length))
      next[Int(length)] += 1
    }
    self.codes = codes
  }

  /// Unlimited Huffman code lengths for the non-zero frequencies.
  private static func lengths(_ frequencies: [Int]) -> [Int] {
    let leaves = frequencies.indices.filter { frequencies[$0] > 0 }
      .sorted { (frequencies[$0], $0) < (frequencies[$1], $1) }
    var lengths = [Int](repeating: 0, count: frequencies.count)
    guard leaves.count > 1 else {
      for leaf in leaves { lengths[leaf] = 1 }
      return lengths
    }
    // Nodes 0..<leaves.count are leaves; internal nodes follow. parent[] records the tree.
    var weight = leaves.map { frequencies[$0] }
    var parent = [Int](repeating: -1, count: 2 * leaves.count - 1)
    var leafIndex = 0
    var nodeIndex = leaves.count
    func takeSmallest() -> Int {
      if leafIndex < leaves.count
        && (nodeIndex >= weight.count || weight[leafIndex] <= weight[nodeIndex])
      {
        leafIndex += 1
        return leafIndex - 1
      }
      nodeIndex += 1
      return nodeIndex - 1
    }
    while weight.count < 2 * leaves.count - 1 {
      let first = takeSmallest()
      let second = takeSmallest()
      parent[first] = weight.count
      parent[second] = weight.count
      weight.append(weight[first] + weight[second])
    }
    var depth = [Int](repeating: 0, count: weight.count)
    for node in stride(from: weight.count - 2, through: 0, by: -1) {
      depth[node] = depth[parent[node]] + 1
    }
    for (index, leaf) in leaves.enumerated() { lengths[leaf] = depth[index] }
    return lengths
  }
}

/// The low `count` bits of `value` in reverse order.
@inline(__always)
func reverseBits(_ value: UInt32, count: Int) -> UInt32 {
  var value = value
  var result: UInt32 = 0
  for _ in 0..<count {
    result = result << 1 | (value & 1)
    value >>= 1
  }
  return result
}
