/// Decodes a raw DEFLATE stream (RFC 1951): stored, fixed-Huffman and dynamic-Huffman blocks.
///
/// Huffman codes are decoded through a table indexed by the next `maxLength` bits (each code
/// fills every entry that starts with its bit-reversed pattern). Over-subscribed codes,
/// distances before the start of the output and truncated input are reported as
/// `CompressionError.corruptStream`.
struct Inflater {
  private let input: [UInt8]
  private var position: Int
  private var buffer: UInt64 = 0
  private var bitCount = 0
  private var output: [UInt8] = []

  init(_ input: [UInt8], start: Int = 0) {
    self.input = input
    self.position = start
  }

  /// The input offset just past the stream (after `inflate()`, rounded up to a byte).
  var endOffset: Int { position - bitCount / 8 }

  /// Decodes every block up to the final one.
  mutating func inflate() throws -> [UInt8] {
    output.reserveCapacity(input.count * 3)
    var isFinal = false
    while !isFinal {
      isFinal = try bits(1) == 1
      switch try bits(2) {
      case 0: try storedBlock()
      case 1:
        try huffmanBlock(literal: DecodingTable.fixedLiteral, distance: DecodingTable.fixedDistance)
      case 2:
        let (literal, distance) = try dynamicTables()
        try huffmanBlock(literal: literal, distance: distance)
      default:
        throw CompressionError.corruptStream("block type 3 is reserved")
      }
    }
    bitCount -= bitCount % 8
    return output
  }

  @inline(__always)
  private mutating func refill() {
    while bitCount <= 56 && position < input.count {
      buffer |= UInt64(input[position]) << UInt64(bitCount)
      position += 1
      bitCount += 8
    }
  }

  @inline(__always)
  private mutating func bits(_ count: Int) throws -> UInt32 {
    if bitCount < count {
      refill()
      guard bitCount >= count else {
        throw CompressionError.corruptStream("unexpected end of data")
      }
    }
    let value = UInt32(truncatingIfNeeded: buffer & ((1 << UInt64(count)) - 1))
    buffer >>= UInt64(count)
    bitCount -= count
    return value
  }

  @inline(__always)
  private mutating func decode(_ table: DecodingTable) throws -> Int {
    if bitCount < table.maxLength { refill() }
    let entry = table.entries[Int(buffer & UInt64((1 << table.maxLength) - 1))]
    let length = Int(entry & 0xF)
    guard length > 0, length <= bitCount else {
      throw CompressionError.corruptStream(
        length == 0 ? "invalid Huffman code" : "unexpected end of data"
      )
    }
    buffer >>= UInt64(length)
    bitCount -= length
    return Int(entry >> 4)
  }

  private mutating func storedBlock() throws {
    _ = try bits(bitCount % 8)
    let length = Int(try bits(16))
    let complement = Int(try bits(16))
    guard length == ~complement & 0xFFFF else {
      throw CompressionError.corruptStream("stored block length \(length) fails its check")
    }
    // Return whole buffered bytes to the input, then copy directly.
    position -= bitCount / 8
    buffer = 0
    bitCount = 0
    guard position + length <= input.count else {
      throw CompressionError.corruptStream("stored block runs past the end")
    }
    output.append(contentsOf: input[position..<(position + length)])
    position += length
  }

  private mutating func dynamicTables() throws -> (DecodingTable, DecodingTable) {
    let literalCount = Int(try bits(5)) + 257
    let distanceCount = Int(try bits(5)) + 1
    let codeLengthCount = Int(try bits(4)) + 4
    guard literalCount <= 286, distanceCount <= 30 else {
      throw CompressionError.corruptStream("too many length or distance codes")
    }
    var codeLengthLengths = [UInt8](repeating: 0, count: 19)
    for index in 0..<codeLengthCount {
      codeLengthLengths[DeflateTables.codeLengthOrder[index]] = UInt8(try bits(3))
    }
    let codeLengthTable = try DecodingTable(lengths: codeLengthLengths)
    var lengths: [UInt8] = []
    let total = literalCount + distanceCount
    while lengths.count < total {
      let symbol = try decode(codeLengthTable)
      switch symbol {
      case 0...15: lengths.append(UInt8(symbol))
      case 16:
        guard let last = lengths.last else {
          throw CompressionError.corruptStream("repeat code with no previous length")
        }
        lengths += [UInt8](repeating: last, count: 3 + Int(try bits(2)))
      case 17: lengths += [UInt8](repeating: 0, count: 3 + Int(try bits(3)))
      default: lengths += [UInt8](repeating: 0, count: 11 + Int(try bits(7)))
      }
    }
    guard lengths.count == total else {
      throw CompressionError.corruptStream("code lengths overrun the declared count")
    }
    guard lengths[256] > 0 else { throw CompressionError.corruptStream("no end-of-block code") }
    return (
      try DecodingTable(lengths: Array(lengths[0..<literalCount])),
      try DecodingTable(lengths: Array(lengths[literalCount...]))
    )
  }

  private mutating func huffmanBlock(literal: DecodingTable, distance: DecodingTable) throws {
    while true {
      let symbol = try decode(literal)
      if symbol < 256 {
        output.append(UInt8(symbol))
        continue
      }
      if symbol == 256 { return }
      let index = symbol - 257
      guard index < 29 else { throw CompressionError.corruptStream("length symbol \(symbol)") }
      let length =
        Int(DeflateTables.lengthBase[index]) + Int(try bits(Int(DeflateTables.lengthExtra[index])))
      let code = try decode(distance)
      guard code < 30 else { throw CompressionError.corruptStream("distance code \(code)") }
      let offset =
        Int(DeflateTables.distanceBase[code])
        + Int(try bits(Int(DeflateTables.distanceExtra[code])))
      guard offset <= output.count else {
        throw CompressionError.corruptStream("distance \(offset) reaches before the start")
      }
      // Byte by byte: the source may overlap the bytes being written (offset < length), and
      // appending a slice of `output` to itself would copy the whole buffer.
      var source = output.count - offset
      for _ in 0..<length {
        output.append(output[source])
        source += 1
      }
    }
  }
}

/// A lookup table for one canonical Huffman code: `entries[next maxLength bits]` holds
/// `symbol << 4 | codeLength` (0 for bit patterns no code starts with).
private struct DecodingTable {
  let maxLength: Int
  let entries: [UInt32]

  static let fixedLiteral = try! DecodingTable(lengths: DeflateTables.fixedLiteralLengths)
  static let fixedDistance = try! DecodingTable(lengths: DeflateTables.fixedDistanceLengths)

  init(lengths: [UInt8]) throws {
    let maxLength = max(1, Int(lengths.max() ?? 0))
    var available = 1
    var counts = [Int](repeating: 0, count: 16)
    for length in lengths where length > 0 { counts[Int(length)] += 1 }
    for bits in 1...15 {
      available = available * 2 - counts[bits]
      guard available >= 0 else {
        throw CompressionError.corruptStream("over-subscribed Huffman code")
      }
    }
    let code = HuffmanCode(lengths: lengths)
    var entries = [UInt32](repeating: 0, count: 1 << maxLength)
    for (symbol, length) in lengths.enumerated() where length > 0 {
      let step = 1 << Int(length)
      var index = Int(code.codes[symbol])
      while index < entries.count {
        entries[index] = UInt32(symbol) << 4 | UInt32(length)
        index += step
      }
    }
    self.maxLength = maxLength
    self.entries = entries
  }
}
