/// The fixed tables of RFC 1951 §3.2.5: length and distance bases and extra bits.
enum DeflateTables {
  /// Smallest match length of each length symbol 257…285.
  static let lengthBase: [UInt16] = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115,
    131, 163, 195, 227, 258,
  ]
  /// Extra bits of each length symbol 257…285.
  static let lengthExtra: [UInt8] = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
  ]
  /// Smallest distance of each distance code 0…29.
  static let distanceBase: [UInt16] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
    2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
  ]
  /// Extra bits of each distance code 0…29.
  static let distanceExtra: [UInt8] = [
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13,
    13,
  ]
  /// Order in which code-length code lengths are sent.
  static let codeLengthOrder: [Int] = [
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
  ]

  /// Length symbol index (0…28, add 257) for each match length 0…258.
  static let lengthSymbol: [UInt8] = {
    var table = [UInt8](repeating: 0, count: 259)
    for symbol in 0..<29 {
      let upper = symbol == 28 ? 258 : Int(lengthBase[symbol + 1]) - 1
      for length in Int(lengthBase[symbol])...upper { table[length] = UInt8(symbol) }
    }
    table[258] = 28
    return table
  }()

  /// Distance code for each distance 1…32768 (index `distance − 1`).
  static let distanceCode: [UInt8] = {
    var table = [UInt8](repeating: 0, count: 32768)
    for code in 0..<30 {
      let upper = code == 29 ? 32768 : Int(distanceBase[code + 1]) - 1
      for distance in Int(distanceBase[code])...upper { table[distance - 1] = UInt8(code) }
    }
    return table
  }()

  /// Code lengths of the fixed literal/length code (block type 1).
  static let fixedLiteralLengths: [UInt8] =
    [UInt8](repeating: 8, count: 144) + [UInt8](repeating: 9, count: 112)
    + [UInt8](repeating: 7, count: 24) + [UInt8](repeating: 8, count: 8)
  /// Code lengths of the fixed distance code.
  static let fixedDistanceLengths = [UInt8](repeating: 5, count: 30)
}
