/// The LZ77 + Huffman half of DEFLATE (RFC 1951): finds matches, then writes blocks.
///
/// Matching uses zlib's design: a 3-byte hash into `head`, a `prev` chain over a 32 KiB
/// window, chains cut at a per-level limit, lazy evaluation (emit a literal if the next
/// position has a longer match). Every block is written as whichever of stored, fixed-Huffman
/// or dynamic-Huffman is smallest, so incompressible data grows by ~5 bytes per 64 KiB.
struct DeflateEncoder {
  private struct Settings {
    let good: Int
    let lazy: Int
    let nice: Int
    let chain: Int
    let isLazy: Bool
  }

  private static let windowSize = 1 << 15
  private static let hashBits = 15
  private static let blockTokens = 1 << 15
  private static let matchFlag: UInt32 = 1 << 31

  private let settings: Settings
  private let level: Int

  init(level: Int) {
    self.level = level
    switch level {
    case 1: settings = Settings(good: 4, lazy: 4, nice: 8, chain: 4, isLazy: false)
    case 2: settings = Settings(good: 4, lazy: 5, nice: 16, chain: 8, isLazy: false)
    case 3: settings = Settings(good: 4, lazy: 6, nice: 32, chain: 32, isLazy: false)
    case 4: settings = Settings(good: 4, lazy: 4, nice: 16, chain: 16, isLazy: true)
    case 5: settings = Settings(good: 8, lazy: 16, nice: 32, chain: 32, isLazy: true)
    case 7: settings = Settings(good: 8, lazy: 32, nice: 128, chain: 256, isLazy: true)
    case 8: settings = Settings(good: 32, lazy: 128, nice: 258, chain: 1024, isLazy: true)
    case 9: settings = Settings(good: 32, lazy: 258, nice: 258, chain: 4096, isLazy: true)
    default: settings = Settings(good: 8, lazy: 16, nice: 128, chain: 128, isLazy: true)
    }
  }

  /// A raw DEFLATE stream for `data`.
  func encode(_ data: [UInt8]) -> [UInt8] {
    var writer = BitWriter(capacity: data.count / 2 + 64)
    if data.isEmpty {
      // A final fixed-Huffman block holding only end-of-block: 3 + 7 bits, 2 bytes.
      writer.write(0b011, count: 3)
      writer.write(0, count: 7)
      return writer.finish()
    }
    if level == 0 {
      writeStored(data[...], isFinal: true, to: &writer)
      return writer.finish()
    }
    data.withUnsafeBufferPointer { input in
      lz77(input, writer: &writer)
    }
    return writer.finish()
  }

  private func lz77(_ input: UnsafeBufferPointer<UInt8>, writer: inout BitWriter) {
    let count = input.count
    let windowMask = DeflateEncoder.windowSize - 1
    let maxDistance = DeflateEncoder.windowSize - 262
    let head = UnsafeMutablePointer<Int32>.allocate(capacity: 1 << DeflateEncoder.hashBits)
    head.initialize(repeating: -1, count: 1 << DeflateEncoder.hashBits)
    let prev = UnsafeMutablePointer<Int32>.allocate(capacity: DeflateEncoder.windowSize)
    prev.initialize(repeating: -1, count: DeflateEncoder.windowSize)
    defer {
      head.deallocate()
      prev.deallocate()
    }
    var tokens: [UInt32] = []
    tokens.reserveCapacity(DeflateEncoder.blockTokens + 2)
    var blockStart = 0
    let base = input.baseAddress!

    @inline(__always) func hash(_ position: Int) -> Int {
      let word =
        UInt32(base[position]) | UInt32(base[position + 1]) << 8
        | UInt32(base[position + 2]) << 16
      return Int((word &* 2_654_435_761) >> UInt32(32 - DeflateEncoder.hashBits))
    }
    @inline(__always) func insert(_ position: Int) -> Int32 {
      let h = hash(position)
      let candidate = head[h]
      prev[position & windowMask] = candidate
      head[h] = Int32(position)
      return candidate
    }
    func longestMatch(at position: Int, candidate first: Int32, previousLength: Int) -> (Int, Int) {
      var bestLength = previousLength
      var bestDistance = 0
      let limit = min(258, count - position)
      guard limit >= 3 else { return (0, 0) }
      var chain = previousLength >= settings.good ? settings.chain >> 2 : settings.chain
      var candidate = Int(first)
      let lowest = position - maxDistance
      while candidate >= 0 && candidate > lowest && chain > 0 {
        chain -= 1
        if bestLength < limit && base[candidate + bestLength] == base[position + bestLength]
          && base[candidate] == base[position]
        {
          var length = 0
          while length + 8 <= limit {
            let a = UnsafeRawPointer(base + position).loadUnaligned(
              fromByteOffset: length,
              as: UInt64.self
            )
            let b = UnsafeRawPointer(base + candidate).loadUnaligned(
              fromByteOffset: length,
              as: UInt64.self
            )
            if a != b {
              length += (a ^ b).trailingZeroBitCount >> 3
              break
            }
            length += 8
          }
          if length + 8 > limit {
            while length < limit && base[candidate + length] == base[position + length] {
              length += 1
            }
          }
          length = min(length, limit)
          if length > bestLength {
            bestLength = length
            bestDistance = position - candidate
            if length >= settings.nice { break }
          }
        }
        let next = Int(prev[candidate & windowMask])
        if next >= candidate { break }
        candidate = next
      }
      return bestDistance == 0 ? (0, 0) : (bestLength, bestDistance)
    }
    func flushIfFull(end: Int) {
      if tokens.count >= DeflateEncoder.blockTokens {
        writeBlock(tokens, input: input, range: blockStart..<end, isFinal: false, to: &writer)
        tokens.removeAll(keepingCapacity: true)
        blockStart = end
      }
    }

    var position = 0
    var pendingLength = 0
    var pendingDistance = 0
    var hasPending = false
    while position < count {
      var length = 0
      var distance = 0
      if position + 2 < count {
        let candidate = insert(position)
        if candidate >= 0 && (!settings.isLazy || pendingLength < settings.lazy) {
          (length, distance) = longestMatch(
            at: position,
            candidate: candidate,
            previousLength: settings.isLazy ? max(pendingLength, 2) : 2
          )
        }
      }
      if !settings.isLazy {
        if length >= 3 {
          tokens.append(DeflateEncoder.matchFlag | UInt32(length) << 16 | UInt32(distance))
          let end = position + length
          var next = position + 1
          while next < end {
            if next + 2 < count { _ = insert(next) }
            next += 1
          }
          position = end
        } else {
          tokens.append(UInt32(base[position]))
          position += 1
        }
        flushIfFull(end: position)
        continue
      }
      if hasPending && pendingLength >= 3 && length <= pendingLength {
        let start = position - 1
        tokens.append(
          DeflateEncoder.matchFlag | UInt32(pendingLength) << 16 | UInt32(pendingDistance)
        )
        let end = start + pendingLength
        var next = position + 1
        while next < end {
          if next + 2 < count { _ = insert(next) }
          next += 1
        }
        position = end
        hasPending = false
        pendingLength = 0
        flushIfFull(end: position)
      } else {
        if hasPending {
          tokens.append(UInt32(base[position - 1]))
          flushIfFull(end: position)
        }
        hasPending = true
        pendingLength = length
        pendingDistance = distance
        position += 1
      }
    }
    if hasPending { tokens.append(UInt32(base[count - 1])) }
    writeBlock(tokens, input: input, range: blockStart..<count, isFinal: true, to: &writer)
  }

  /// Writes `tokens` (covering `input[range]`) as the smallest of the three block types.
  private func writeBlock(
    _ tokens: [UInt32],
    input: UnsafeBufferPointer<UInt8>,
    range: Range<Int>,
    isFinal: Bool,
    to writer: inout BitWriter
  ) {
    var literalFrequencies = [Int](repeating: 0, count: 286)
    var distanceFrequencies = [Int](repeating: 0, count: 30)
    for token in tokens {
      if token & DeflateEncoder.matchFlag == 0 {
        literalFrequencies[Int(token)] += 1
      } else {
        let length = Int(token >> 16) & 0x1FF
        let distance = Int(token & 0xFFFF)
        literalFrequencies[257 + Int(DeflateTables.lengthSymbol[length])] += 1
        distanceFrequencies[Int(DeflateTables.distanceCode[distance - 1])] += 1
      }
    }
    literalFrequencies[256] = 1
    let literalCode = HuffmanCode(frequencies: literalFrequencies, maxLength: 15)
    let distanceCode = HuffmanCode(frequencies: distanceFrequencies, maxLength: 15)
    let header = DynamicHeader(literalCode: literalCode, distanceCode: distanceCode)

    var extraBits = 0
    for symbol in 0..<29 {
      extraBits += literalFrequencies[257 + symbol] * Int(DeflateTables.lengthExtra[symbol])
    }
    for code in 0..<30 {
      extraBits += distanceFrequencies[code] * Int(DeflateTables.distanceExtra[code])
    }
    var dynamicBits = 3 + header.bitCount + extraBits
    var fixedBits = 3 + extraBits
    for symbol in 0..<286 where literalFrequencies[symbol] > 0 {
      dynamicBits += literalFrequencies[symbol] * Int(literalCode.lengths[symbol])
      fixedBits += literalFrequencies[symbol] * Int(DeflateTables.fixedLiteralLengths[symbol])
    }
    for code in 0..<30 where distanceFrequencies[code] > 0 {
      dynamicBits += distanceFrequencies[code] * Int(distanceCode.lengths[code])
      fixedBits += distanceFrequencies[code] * 5
    }
    let storedChunks = max(1, (range.count + 65534) / 65535)
    let storedBits = 8 * range.count + storedChunks * (3 + 7 + 32)

    if storedBits <= min(dynamicBits, fixedBits) {
      writeStored(input[range], isFinal: isFinal, to: &writer)
    } else if fixedBits <= dynamicBits {
      writer.write(isFinal ? 1 : 0, count: 1)
      writer.write(1, count: 2)
      writeTokens(
        tokens,
        literal: DeflateEncoder.fixedLiteral,
        distance: DeflateEncoder.fixedDistance,
        to: &writer
      )
    } else {
      writer.write(isFinal ? 1 : 0, count: 1)
      writer.write(2, count: 2)
      header.write(to: &writer)
      writeTokens(tokens, literal: literalCode, distance: distanceCode, to: &writer)
    }
  }

  private static let fixedLiteral = HuffmanCode(lengths: DeflateTables.fixedLiteralLengths)
  private static let fixedDistance = HuffmanCode(lengths: DeflateTables.fixedDistanceLengths)

  private func writeTokens(
    _ tokens: [UInt32],
    literal: HuffmanCode,
    distance: HuffmanCode,
    to writer: inout BitWriter
  ) {
    literal.codes.withUnsafeBufferPointer { literalCodes in
      literal.lengths.withUnsafeBufferPointer { literalLengths in
        for token in tokens {
          if token & DeflateEncoder.matchFlag == 0 {
            writer.write(literalCodes[Int(token)], count: Int(literalLengths[Int(token)]))
            continue
          }
          let length = Int(token >> 16) & 0x1FF
          let distanceValue = Int(token & 0xFFFF)
          let symbol = Int(DeflateTables.lengthSymbol[length])
          writer.write(literalCodes[257 + symbol], count: Int(literalLengths[257 + symbol]))
          let lengthExtra = Int(DeflateTables.lengthExtra[symbol])
          if lengthExtra > 0 {
            writer.write(UInt32(length - Int(DeflateTables.lengthBase[symbol])), count: lengthExtra)
          }
          let code = Int(DeflateTables.distanceCode[distanceValue - 1])
          writer.write(distance.codes[code], count: Int(distance.lengths[code]))
          let distanceExtra = Int(DeflateTables.distanceExtra[code])
          if distanceExtra > 0 {
            writer.write(
              UInt32(distanceValue - Int(DeflateTables.distanceBase[code])),
              count: distanceExtra
            )
          }
        }
        writer.write(literalCodes[256], count: Int(literalLengths[256]))
      }
    }
  }

  /// Stored blocks (type 0) of at most 65,535 bytes each.
  private func writeStored(_ bytes: ArraySlice<UInt8>, isFinal: Bool, to writer: inout BitWriter) {
    var start = bytes.startIndex
    repeat {
      let end = min(start + 65535, bytes.endIndex)
      let last = isFinal && end == bytes.endIndex
      writer.write(last ? 1 : 0, count: 1)
      writer.write(0, count: 2)
      writer.alignToByte()
      let length = UInt32(end - start)
      writer.write(length | (~length & 0xFFFF) << 16, count: 32)
      writer.appendAligned(bytes[start..<end])
      start = end
    } while start < bytes.endIndex
  }

  private func writeStored(
    _ bytes: Slice<UnsafeBufferPointer<UInt8>>,
    isFinal: Bool,
    to writer: inout BitWriter
  ) {
    writeStored(ArraySlice(bytes), isFinal: isFinal, to: &writer)
  }
}

/// The header of a dynamic block: HLIT, HDIST, HCLEN and the run-length-coded code lengths.
private struct DynamicHeader {
  let literalCount: Int
  let distanceCount: Int
  let codeLengthCount: Int
  let codeLengthCode: HuffmanCode
  /// Run-length symbols 0…18 with their extra-bit values.
  let runs: [(symbol: Int, extra: UInt32)]

  init(literalCode: HuffmanCode, distanceCode: HuffmanCode) {
    var literalCount = 286
    while literalCount > 257 && literalCode.lengths[literalCount - 1] == 0 { literalCount -= 1 }
    var distanceCount = 30
    while distanceCount > 1 && distanceCode.lengths[distanceCount - 1] == 0 { distanceCount -= 1 }
    self.literalCount = literalCount
    self.distanceCount = distanceCount
    let all =
      Array(literalCode.lengths[0..<literalCount]) + Array(distanceCode.lengths[0..<distanceCount])
    var runs: [(symbol: Int, extra: UInt32)] = []
    var index = 0
    while index < all.count {
      let value = all[index]
      var run = 1
      while index + run < all.count && all[index + run] == value { run += 1 }
      var remaining = run
      if value == 0 {
        while remaining >= 11 {
          let take = min(remaining, 138)
          runs.append((18, UInt32(take - 11)))
          remaining -= take
        }
        if remaining >= 3 {
          runs.append((17, UInt32(remaining - 3)))
          remaining = 0
        }
      } else {
        runs.append((Int(value), 0))
        remaining -= 1
        while remaining >= 3 {
          let take = min(remaining, 6)
          runs.append((16, UInt32(take - 3)))
          remaining -= take
        }
      }
      for _ in 0..<remaining { runs.append((Int(value), 0)) }
      index += run
    }
    self.runs = runs
    var frequencies = [Int](repeating: 0, count: 19)
    for run in runs { frequencies[run.symbol] += 1 }
    let code = HuffmanCode(frequencies: frequencies, maxLength: 7)
    self.codeLengthCode = code
    var count = 19
    while count > 4 && code.lengths[DeflateTables.codeLengthOrder[count - 1]] == 0 { count -= 1 }
    self.codeLengthCount = count
  }

  /// Header size in bits, after the 3-bit block header.
  var bitCount: Int {
    var bits = 5 + 5 + 4 + 3 * codeLengthCount
    for run in runs {
      bits += Int(codeLengthCode.lengths[run.symbol])
      bits += run.symbol == 16 ? 2 : run.symbol == 17 ? 3 : run.symbol == 18 ? 7 : 0
    }
    return bits
  }

  func write(to writer: inout BitWriter) {
    writer.write(UInt32(literalCount - 257), count: 5)
    writer.write(UInt32(distanceCount - 1), count: 5)
    writer.write(UInt32(codeLengthCount - 4), count: 4)
    for index in 0..<codeLengthCount {
      writer.write(UInt32(codeLengthCode.lengths[DeflateTables.codeLengthOrder[index]]), count: 3)
    }
    for run in runs {
      writer.write(codeLengthCode.codes[run.symbol], count: Int(codeLengthCode.lengths[run.symbol]))
      switch run.symbol {
      case 16: writer.write(run.extra, count: 2)
      case 17: writer.write(run.extra, count: 3)
      case 18: writer.write(run.extra, count: 7)
      default: break
      }
    }
  }
}
