import Engine
import Foundation
import Testing

/// `deflateReference.json` (Tools/reference/makeDeflateReference.py).
private struct DeflateReference: Decodable {
  struct Case: Decodable {
    let name: String
    let kind: String
    let count: Int
    let seed: UInt64
    let zeroPercent: UInt64?
    let crc32: UInt32
    let pythonZlib6: String?
    let pythonZlib6Size: Int
    let pythonZlib9Size: Int?
    let swiftZlib6: String?
    let swiftZlib6Size: Int?
  }
  let cases: [Case]
  let sizes: [Case]

  static func load() throws -> DeflateReference {
    let url = try #require(
      Bundle.module.url(
        forResource: "deflate_reference",
        withExtension: "json",
        subdirectory: "Fixtures"
      )
    )
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    return try decoder.decode(DeflateReference.self, from: Data(contentsOf: url))
  }
}

/// Regenerates a fixture input from its spec, exactly as the Python script does.
private func fixtureInput(_ spec: DeflateReference.Case) -> [UInt8] {
  var state = spec.seed
  switch spec.kind {
  case "zeros":
    return [UInt8](repeating: 0, count: spec.count)
  case "bytes":
    return (0..<spec.count).map { _ in UInt8(splitMix(&state) >> 56) }
  case "text":
    return Array(
      (0..<spec.count).map { "\($0): the quick brown fox jumps over the lazy dog \($0 % 7)\n" }
        .joined().utf8
    )
  default:
    var bytes: [UInt8] = []
    bytes.reserveCapacity(spec.count * 4)
    for _ in 0..<spec.count {
      var value = Float(splitMix(&state) >> 40) / Float(1 << 23) - 1
      if splitMix(&state) % 100 < spec.zeroPercent ?? 0 { value = 0 }
      let bits = value.bitPattern
      bytes += [
        UInt8(bits & 0xFF), UInt8(bits >> 8 & 0xFF), UInt8(bits >> 16 & 0xFF), UInt8(bits >> 24),
      ]
    }
    return bytes
  }
}

private func fileName(_ name: String) -> String {
  name.replacingOccurrences(of: " ", with: "_").replacingOccurrences(of: "%", with: "pct")
    .replacingOccurrences(of: ",", with: "")
}

@Suite("DEFLATE")
struct DeflateTests {
  @Test("the inflater decodes Python zlib's streams")
  func inflatesPython() throws {
    for item in try DeflateReference.load().cases {
      let input = fixtureInput(item)
      #expect(CRC32.checksum(input) == item.crc32, "\(item.name)")
      let encoded = try #require(item.pythonZlib6)
      let python = try #require(Data(base64Encoded: encoded))
      #expect(try Deflate.decompress(Array(python)) == input, "\(item.name)")
    }
  }

  @Test("Swift's streams equal the ones Python's zlib.decompress accepted, and round-trip")
  func compressesLikeBefore() throws {
    let outputDirectory = ProcessInfo.processInfo.environment["GOLDILOCKS_DEFLATE_OUT"]
    let reference = try DeflateReference.load()
    for item in reference.cases + reference.sizes {
      let input = fixtureInput(item)
      let compressed = try Deflate.compress(input)
      #expect(try Deflate.decompress(compressed) == input, "\(item.name)")
      if let outputDirectory {
        try FileManager.default.createDirectory(
          atPath: outputDirectory,
          withIntermediateDirectories: true
        )
        try Data(compressed).write(
          to: URL(fileURLWithPath: outputDirectory).appendingPathComponent(
            fileName(item.name) + ".zlib"
          )
        )
      }
      if let recorded = item.swiftZlib6 {
        let bytes = try #require(Data(base64Encoded: recorded))
        #expect(compressed == Array(bytes), "\(item.name)")
      }
      if let recordedSize = item.swiftZlib6Size {
        #expect(compressed.count == recordedSize, "\(item.name)")
      }
      // Within 3 % (plus a few header bytes) of C zlib at the same level.
      #expect(
        Double(compressed.count) <= Double(item.pythonZlib6Size) * 1.03 + 16,
        "\(item.name): \(compressed.count) vs zlib \(item.pythonZlib6Size)"
      )
    }
  }

  @Test("every level and container round-trips", arguments: Deflate.Container.allCases)
  func roundTrip(container: Deflate.Container) throws {
    var state: UInt64 = 99
    var samples: [[UInt8]] = [[], [7], Array("abcabcabcabcabcabc".utf8)]
    samples.append(
      (0..<300_000).map { index in index % 1000 < 700 ? 0 : UInt8(splitMix(&state) >> 60) }
    )
    samples.append((0..<5000).map { _ in UInt8(splitMix(&state) >> 56) })
    samples.append([UInt8](repeating: 0xAB, count: 70_000))
    for level in [0, 1, 3, 4, 6, 9] {
      for sample in samples {
        let compressed = try Deflate.compress(sample, level: level, container: container)
        #expect(
          try Deflate.decompress(compressed, container: container) == sample,
          "level \(level)"
        )
      }
    }
  }

  @Test("checksums: known values and damage detection")
  func checksums() throws {
    let text = Array("123456789".utf8)
    #expect(CRC32.checksum(text) == 0xCBF4_3926)
    #expect(Adler32.checksum(Array("Wikipedia".utf8)) == 0x11E6_0398)
    var compressed = try Deflate.compress(text, container: .gzip)
    compressed[compressed.count - 6] ^= 1
    #expect(throws: CompressionError.self) {
      _ = try Deflate.decompress(compressed, container: .gzip)
    }
    #expect(throws: CompressionError.self) {
      _ = try Deflate.decompress([0x78, 0x9C, 0xFF, 0xFF, 0, 0])
    }
    #expect(throws: CompressionError.self) { _ = try Deflate.compress(text, level: 10) }
  }

  @Test(
    "throughput on 4 MB of pruned floats",
    .enabled(if: ProcessInfo.processInfo.environment["GOLDILOCKS_BENCH"] != nil)
  )
  func throughput() throws {
    var state: UInt64 = 1
    var ratios: [UInt64: Double] = [:]
    for zeroPercent: UInt64 in [0, 50, 90] {
      var bytes: [UInt8] = []
      for _ in 0..<1_000_000 {
        var value = Float(splitMix(&state) >> 40) / Float(1 << 23) - 1
        if splitMix(&state) % 100 < zeroPercent { value = 0 }
        withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 }
      }
      for level in [1, 6, 9] {
        var best = Double.infinity
        var size = 0
        for _ in 0..<3 {
          let start = DispatchTime.now().uptimeNanoseconds
          size = try Deflate.compress(bytes, level: level).count
          best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        let compressed = try Deflate.compress(bytes, level: level)
        let start = DispatchTime.now().uptimeNanoseconds
        let restored = try Deflate.decompress(compressed)
        let inflate = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        #expect(restored == bytes)
        #expect(size == compressed.count)
        if level == 6 { ratios[zeroPercent] = Double(bytes.count) / Double(size) }
        print(
          "deflate \(zeroPercent)% zero level \(level): \(Double(bytes.count) / best / 1e6) MB/s,"
            + " ratio \(Double(bytes.count) / Double(size)), inflate \(Double(bytes.count) / inflate / 1e6) MB/s"
        )
      }
    }
    // More zeros compress better: the lesson the figures are printed for.
    #expect((ratios[0] ?? 0) < (ratios[50] ?? 0))
    #expect((ratios[50] ?? 0) < (ratios[90] ?? 0))
  }
}
