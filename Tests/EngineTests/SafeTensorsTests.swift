import Engine
import Foundation
import Testing

@Suite struct SafeTensorsTests {
  /// The tensors of `Fixtures/reference.safetensors` (written by Python safetensors 0.8.0).
  static let referenceTensors = [
    SafeTensor(name: "c", shape: [5], int8: [-128, -1, 0, 1, 127]),
    SafeTensor(name: "b", shape: [4], float16: [1.0, -0.5, 2.0, 65504.0]),
    SafeTensor(name: "a", shape: [2, 3], float32: [1.0, -2.5, 3.25, 0.0, 0.5, -1024.0]),
  ]

  static func fixture(_ name: String) throws -> [UInt8] {
    let url = try #require(
      Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures")
    )
    return [UInt8](try Data(contentsOf: url))
  }

  @Test func writesTheSameBytesAsThePythonLibrary() throws {
    let ours = try SafeTensorsFile(tensors: Self.referenceTensors).serialized()
    #expect(ours == (try Self.fixture("reference.safetensors")))
    #expect(ours.count == 213)
  }

  @Test func metadataComesFirstInInsertionOrder() throws {
    let file = SafeTensorsFile(
      metadata: ["spec": "input(3) dense(2)", "format": "goldilocks"],
      metadataOrder: ["spec", "format"],
      tensors: Self.referenceTensors
    )
    let header = String(decoding: try file.headerBytes(), as: UTF8.self)
    #expect(
      header
        == #"{"__metadata__":{"spec":"input(3) dense(2)","format":"goldilocks"},"a":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},"b":{"dtype":"F16","shape":[4],"data_offsets":[24,32]},"c":{"dtype":"I8","shape":[5],"data_offsets":[32,37]}}"#
    )
    #expect(try file.serialized().count == 277)
  }

  @Test func tensorsAreOrderedByDescendingAlignmentThenName() throws {
    var int64Bytes = [UInt8](repeating: 0xFF, count: 8)
    int64Bytes.reserveCapacity(8)
    let file = SafeTensorsFile(tensors: [
      SafeTensor(name: "a_int8", shape: [3], int8: [1, 2, 3]),
      SafeTensor(name: "b_half", shape: [2], float16: [1.5, -1.5]),
      SafeTensor(name: "d_float", shape: [2], float32: [7, 8]),
      SafeTensor(name: "c_float", shape: [1], float32: [0.25]),
      SafeTensor(name: "e_int64", dtype: .i64, shape: [1], data: int64Bytes),
    ])
    #expect(
      file.orderedTensors.map(\.name) == ["e_int64", "c_float", "d_float", "b_half", "a_int8"]
    )
    let bytes = try file.serialized()
    #expect(bytes.count == 339)
    #expect(Array(bytes[0..<8]) == [0x30, 0x01, 0, 0, 0, 0, 0, 0])
  }

  @Test func headerIsPaddedWithSpacesToAMultipleOfEight() throws {
    for length in 1...9 {
      let file = SafeTensorsFile(
        metadata: ["k": String(repeating: "x", count: length)],
        tensors: [SafeTensor(name: "w", shape: [1], float32: [1])]
      )
      let header = try file.headerBytes()
      #expect(header.count % 8 == 0)
      #expect(header.last == 0x7D || header.last == 0x20)
    }
  }

  @Test func readsBackWhatItWrites() throws {
    let written = SafeTensorsFile(
      metadata: ["format": "goldilocks"],
      tensors: Self.referenceTensors
    )
    let read = try SafeTensorsFile(bytes: written.serialized())
    #expect(read.metadata == written.metadata)
    #expect(read.tensors.map(\.name) == ["a", "b", "c"])
    #expect(try read.tensor(named: "a")?.floatValues() == [1.0, -2.5, 3.25, 0.0, 0.5, -1024.0])
    #expect(try read.tensor(named: "b")?.floatValues() == [1.0, -0.5, 2.0, 65504.0])
    #expect(try read.tensor(named: "c")?.floatValues() == [-128, -1, 0, 1, 127])
  }

  @Test func readsThePythonReferenceFile() throws {
    let file = try SafeTensorsFile(bytes: Self.fixture("reference.safetensors"))
    #expect(file.tensors.map(\.dtype) == [.f32, .f16, .i8])
    #expect(file.tensor(named: "a")?.shape == [2, 3])
  }

  @Test func halfPrecisionRoundsToNearestEven() throws {
    // 1 + 2^-11 is halfway between 1 and the next half (1 + 2^-10): ties go to even (1).
    let values: [Float] = [1 + 0x1p-11, 1 + 3 * 0x1p-11, 65520, 0x1p-25, -0.0]
    let bits = try SafeTensor(name: "h", shape: [5], float16: values).floatValues()
    #expect(bits[0] == 1)
    #expect(bits[1] == 1 + 0x1p-9)
    #expect(bits[2].isInfinite)
    #expect(bits[3] == 0)
    #expect(bits[4].sign == .minus)
  }

  static let malformedFiles: [(String, [UInt8])] = [
    ("empty", []),
    ("short", [1, 0, 0]),
    ("huge length", [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]),
    ("length past end", [64, 0, 0, 0, 0, 0, 0, 0] + Array("{}".utf8)),
    ("not json", [8, 0, 0, 0, 0, 0, 0, 0] + Array("{nope}  ".utf8)),
    ("not an object", [8, 0, 0, 0, 0, 0, 0, 0] + Array("[1,2]   ".utf8)),
  ]

  @Test(arguments: malformedFiles)
  func malformedFilesGiveTypedErrors(_ label: String, _ bytes: [UInt8]) {
    #expect(throws: EngineError.self, "\(label)") { try SafeTensorsFile(bytes: bytes) }
  }

  @Test func badOffsetsAreRejected() throws {
    func file(_ header: String, payload: Int) -> [UInt8] {
      var text = Array(header.utf8)
      while text.count % 8 != 0 { text.append(0x20) }
      var bytes = [UInt8]()
      for shift in stride(from: 0, to: 64, by: 8) {
        bytes.append(UInt8(truncatingIfNeeded: text.count >> shift))
      }
      return bytes + text + [UInt8](repeating: 0, count: payload)
    }
    let hole = #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#
    let wrongSize = #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}"#
    let overlap =
      #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[2,6]}}"#
    let badDtype = #"{"a":{"dtype":"F33","shape":[1],"data_offsets":[0,4]}}"#
    let negative = #"{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}"#
    let good = #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#
    for (header, payload) in [
      (hole, 8), (wrongSize, 4), (overlap, 6), (badDtype, 4), (negative, 4), (good, 5),
    ] {
      #expect(throws: EngineError.self) {
        try SafeTensorsFile(bytes: file(header, payload: payload))
      }
    }
    #expect(try SafeTensorsFile(bytes: file(good, payload: 4)).tensors.count == 1)
  }

  @Test func truncatedFilesNeverCrash() throws {
    let bytes = try SafeTensorsFile(tensors: Self.referenceTensors).serialized()
    for length in 0..<bytes.count {
      #expect(throws: EngineError.self) { try SafeTensorsFile(bytes: Array(bytes[0..<length])) }
    }
  }
}
