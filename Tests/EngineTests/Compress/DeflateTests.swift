import Engine
import Foundation
import Testing

/// `deflate_reference.json` (Tools/reference/make_deflate_reference.py): Python's zlib.
private struct DeflateReference: Decodable {
  struct Case: Decodable {
    let name: String
    let kind: String
    let count: Int
    let seed: UInt64
    let zeroPercent: UInt64?
    let crc32: UInt32
    let adler32: UInt32
    let zlib1Size: Int
    let zlib6Size: Int
    let zlib9Size: Int
    let zlib6: String?
  }
  let zlibVersion: String
  let cases: [Case]

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

@Suite("DEFLATE")
struct DeflateTests {
  @Test("sizes equal Python's zlib at levels 1, 6 and 9, and the streams round-trip")
  func sizesEqualPythonZlib() throws {
    for item in try DeflateReference.load().cases {
      let input = fixtureInput(item)
      #expect(Deflate.crc32(input) == item.crc32, "\(item.name)")
      #expect(Deflate.adler32(input) == item.adler32, "\(item.name)")
      for (level, expected) in [(1, item.zlib1Size), (6, item.zlib6Size), (9, item.zlib9Size)] {
        let compressed = try Deflate.compress(input, level: level)
        #expect(compressed.count == expected, "\(item.name) at level \(level)")
        #expect(try Deflate.decompress(compressed) == input, "\(item.name) at level \(level)")
      }
    }
  }

  @Test("small level-6 streams are byte for byte Python's, and Python's streams decode")
  func streamsEqualPythonZlib() throws {
    let reference = try DeflateReference.load()
    #expect(Deflate.libraryVersion.split(separator: ".").first == "1")
    var checked = 0
    for item in reference.cases {
      guard let encoded = item.zlib6 else { continue }
      let python = Array(try #require(Data(base64Encoded: encoded)))
      let input = fixtureInput(item)
      #expect(try Deflate.compress(input) == python, "\(item.name)")
      #expect(try Deflate.decompress(python) == input, "\(item.name)")
      checked += 1
    }
    #expect(checked >= 3)
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
    #expect(Deflate.crc32(text) == 0xCBF4_3926)
    #expect(Deflate.adler32(Array("Wikipedia".utf8)) == 0x11E6_0398)
    var compressed = try Deflate.compress(text, container: .gzip)
    compressed[compressed.count - 6] ^= 1
    #expect(throws: CompressionError.self) {
      _ = try Deflate.decompress(compressed, container: .gzip)
    }
    #expect(throws: CompressionError.self) {
      _ = try Deflate.decompress([0x78, 0x9C, 0xFF, 0xFF, 0, 0])
    }
    #expect(throws: CompressionError.self) { _ = try Deflate.compress(text, level: 10) }
    let whole = try Deflate.compress(Array(repeating: 7, count: 10_000))
    #expect(throws: CompressionError.self) {
      _ = try Deflate.decompress(Array(whole.dropLast(3)))
    }
  }
}
