import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A safetensors file: an 8-byte little-endian header length, a JSON header, then the data.
///
/// Writing follows the Rust/Python `safetensors` library byte for byte: `__metadata__` first,
/// tensors ordered by descending dtype alignment then name, contiguous offsets relative to the
/// data buffer, compact JSON padded with spaces to a multiple of 8. Metadata keys are written
/// in `metadataOrder` (as the Python library keeps the dict's insertion order), any others
/// after them, sorted. Reading
/// validates every rule and reports a typed `EngineError.invalidSafeTensors`, never trapping.
public struct SafeTensorsFile: Sendable, Equatable {
  /// The `__metadata__` string map.
  public var metadata: [String: String]
  /// The order `metadata` keys are written in; keys not listed follow, sorted.
  public var metadataOrder: [String]
  /// The tensors; after reading, in file order; when writing, any order.
  public var tensors: [SafeTensor]

  /// The library's cap on the header length.
  public static let maximumHeaderLength = 100_000_000

  /// Creates a file from tensors and metadata.
  public init(
    metadata: [String: String] = [:],
    metadataOrder: [String] = [],
    tensors: [SafeTensor]
  ) {
    self.metadata = metadata
    self.metadataOrder = metadataOrder
    self.tensors = tensors
  }

  /// The metadata keys in the order they are written.
  var orderedMetadataKeys: [String] {
    let listed = metadataOrder.filter { metadata[$0] != nil }
    let rest = metadata.keys.filter { !listed.contains($0) }.sorted()
    var seen = Set<String>()
    return (listed + rest).filter { seen.insert($0).inserted }
  }

  /// The tensor called `name`, if any.
  public func tensor(named name: String) -> SafeTensor? {
    tensors.first { $0.name == name }
  }

  // MARK: - Writing

  /// The tensors in the order the library writes them.
  public var orderedTensors: [SafeTensor] {
    tensors.sorted { left, right in
      if left.dtype != right.dtype { return left.dtype > right.dtype }
      return Array(left.name.utf8).lexicographicallyPrecedes(Array(right.name.utf8))
    }
  }

  /// The header JSON exactly as written, padding included.
  public func headerBytes() throws(EngineError) -> [UInt8] {
    var names = Set<String>()
    for tensor in tensors {
      if tensor.name == "__metadata__" || !names.insert(tensor.name).inserted {
        throw .invalidSafeTensors("the tensor name `\(tensor.name)` is used twice or reserved")
      }
      let elements = try Int64.checkedProduct(tensor.shape, "the tensor \(tensor.name)")
      let expected = try Int64.checkedProduct(elements, Int64(tensor.dtype.byteSize), tensor.name)
      if tensor.shape.contains(where: { $0 < 0 }) || expected != Int64(tensor.data.count) {
        throw .invalidSafeTensors(
          "tensor `\(tensor.name)` has \(tensor.data.count) bytes but its shape \(tensor.shape) needs \(expected)"
        )
      }
    }
    var json = "{"
    var first = true
    if !metadata.isEmpty {
      json += "\"__metadata__\":{"
      json += orderedMetadataKeys.map { key in
        "\(Self.jsonString(key)):\(Self.jsonString(metadata[key] ?? ""))"
      }.joined(separator: ",")
      json += "}"
      first = false
    }
    var offset = 0
    for tensor in orderedTensors {
      if !first { json += "," }
      first = false
      let shape = tensor.shape.map(String.init).joined(separator: ",")
      json +=
        "\(Self.jsonString(tensor.name)):{\"dtype\":\"\(tensor.dtype.rawValue)\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(offset + tensor.data.count)]}"
      offset += tensor.data.count
    }
    json += "}"
    var bytes = Array(json.utf8)
    let padding = (8 - bytes.count % 8) % 8
    bytes += [UInt8](repeating: 0x20, count: padding)
    if bytes.count > Self.maximumHeaderLength {
      throw .invalidSafeTensors(
        "the header would be \(bytes.count) bytes, over the 100,000,000 limit"
      )
    }
    return bytes
  }

  /// The whole file: 8 + header + payload bytes.
  public func serialized() throws(EngineError) -> [UInt8] {
    let header = try headerBytes()
    var bytes = [UInt8]()
    let payload = tensors.reduce(0) { $0 + $1.data.count }
    bytes.reserveCapacity(8 + header.count + payload)
    let length = UInt64(header.count)
    for shift in stride(from: 0, to: 64, by: 8) {
      bytes.append(UInt8(truncatingIfNeeded: length >> shift))
    }
    bytes += header
    for tensor in orderedTensors { bytes += tensor.data }
    return bytes
  }

  /// Writes the file atomically and returns the number of bytes written.
  ///
  /// The bytes go to a temporary file in the same folder, then renamed into place, so a
  /// failure never leaves a partial file. Refuses to replace an existing file unless
  /// `overwrite`.
  @discardableResult
  public func write(to path: String, overwrite: Bool = false) throws(EngineError) -> Int {
    let bytes = try serialized()
    if !overwrite && FileManager.default.fileExists(atPath: path) {
      throw .fileExists(path: path)
    }
    let url = URL(fileURLWithPath: path)
    let folder = url.deletingLastPathComponent()
    let temporary = folder.appendingPathComponent(
      ".\(url.lastPathComponent).\(UInt64.random(in: 0...UInt64.max)).tmp"
    )
    do {
      try Data(bytes).write(to: temporary)
    } catch {
      try? FileManager.default.removeItem(at: temporary)
      throw .fileError(path: path, reason: "cannot write (\(error.localizedDescription))")
    }
    defer { try? FileManager.default.removeItem(at: temporary) }
    if overwrite {
      if rename(temporary.path, url.path) != 0 {
        throw .fileError(path: path, reason: "cannot move the finished file into place")
      }
    } else if link(temporary.path, url.path) != 0 {
      // link(2) never replaces an existing file, so a file created meanwhile is kept.
      if errno == EEXIST { throw .fileExists(path: path) }
      throw .fileError(path: path, reason: "cannot move the finished file into place")
    }
    return bytes.count
  }

  /// JSON string literal as serde_json writes it (escapes `"`, `\`, control characters).
  static func jsonString(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      case "\r": result += "\\r"
      case "\t": result += "\\t"
      case "\u{08}": result += "\\b"
      case "\u{0C}": result += "\\f"
      case let control where control.value < 0x20:
        let hex = String(control.value, radix: 16)
        result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default:
        result.unicodeScalars.append(scalar)
      }
    }
    return result + "\""
  }

  // MARK: - Reading

  /// Reads and validates the file at `path`.
  public static func read(from path: String) throws(EngineError) -> SafeTensorsFile {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw .fileError(path: path, reason: "cannot read the file")
    }
    return try SafeTensorsFile(bytes: [UInt8](data))
  }

  /// Parses and validates a whole file held in memory.
  public init(bytes: [UInt8]) throws(EngineError) {
    guard bytes.count >= 8 else {
      throw .invalidSafeTensors("it has \(bytes.count) bytes, fewer than the 8-byte header length")
    }
    var length: UInt64 = 0
    for index in 0..<8 { length |= UInt64(bytes[index]) << (8 * UInt64(index)) }
    guard length <= UInt64(Self.maximumHeaderLength) else {
      throw .invalidSafeTensors("the header length \(length) is over the 100,000,000 limit")
    }
    let headerLength = Int(length)
    guard 8 + headerLength <= bytes.count else {
      throw .invalidSafeTensors(
        "the header length \(headerLength) runs past the end of the \(bytes.count)-byte file"
      )
    }
    let headerSlice = bytes[8..<(8 + headerLength)]
    guard let text = String(validating: headerSlice, as: UTF8.self) else {
      throw .invalidSafeTensors("the header is not UTF-8 text")
    }
    guard text.drop(while: { $0 == " " }).first == "{" else {
      throw .invalidSafeTensors("the header does not start with `{`")
    }
    let parsed: Any
    do {
      parsed = try JSONSerialization.jsonObject(with: Data(headerSlice))
    } catch {
      throw .invalidSafeTensors("the header is not valid JSON")
    }
    guard let object = parsed as? [String: Any] else {
      throw .invalidSafeTensors("the header is not a JSON object")
    }
    let buffer = bytes[(8 + headerLength)...]
    var metadata: [String: String] = [:]
    var entries: [(name: String, dtype: SafeTensorsDType, shape: [Int], begin: Int, end: Int)] = []
    for (key, value) in object {
      if key == "__metadata__" {
        guard let map = value as? [String: Any] else {
          throw .invalidSafeTensors("__metadata__ is not an object")
        }
        for (metaKey, metaValue) in map {
          guard let string = metaValue as? String else {
            throw .invalidSafeTensors("__metadata__ value `\(metaKey)` is not a string")
          }
          metadata[metaKey] = string
        }
        continue
      }
      entries.append(try Self.entry(named: key, value))
    }
    entries.sort { ($0.begin, $0.end) < ($1.begin, $1.end) }
    var position = 0
    var tensors: [SafeTensor] = []
    for entry in entries {
      guard entry.begin == position, entry.end >= entry.begin else {
        throw .invalidSafeTensors(
          "tensor `\(entry.name)` has offsets [\(entry.begin), \(entry.end)] but should start at \(position) (holes and overlaps are not allowed)"
        )
      }
      let elements = try Int64.checkedProduct(entry.shape, "the tensor \(entry.name)")
      let size = try Int64.checkedProduct(elements, Int64(entry.dtype.byteSize), entry.name)
      guard size == Int64(entry.end - entry.begin) else {
        throw .invalidSafeTensors(
          "tensor `\(entry.name)` has \(entry.end - entry.begin) bytes but its shape \(entry.shape) needs \(size)"
        )
      }
      guard entry.end <= buffer.count else {
        throw .invalidSafeTensors("tensor `\(entry.name)` runs past the end of the file")
      }
      let start = buffer.startIndex + entry.begin
      tensors.append(
        SafeTensor(
          name: entry.name,
          dtype: entry.dtype,
          shape: entry.shape,
          data: Array(buffer[start..<(start + size.asInt)])
        )
      )
      position = entry.end
    }
    guard position == buffer.count else {
      throw .invalidSafeTensors(
        "the data buffer has \(buffer.count) bytes but the tensors cover \(position)"
      )
    }
    self.init(metadata: metadata, tensors: tensors)
  }

  private static func entry(
    named name: String,
    _ value: Any
  ) throws(EngineError) -> (
    name: String, dtype: SafeTensorsDType, shape: [Int], begin: Int, end: Int
  ) {
    guard let info = value as? [String: Any] else {
      throw .invalidSafeTensors("tensor `\(name)` is not described by an object")
    }
    guard let dtypeName = info["dtype"] as? String,
      let dtype = SafeTensorsDType(rawValue: dtypeName)
    else {
      throw .invalidSafeTensors("tensor `\(name)` has a missing or unknown dtype")
    }
    guard let shapeValues = info["shape"] as? [Any],
      let offsetValues = info["data_offsets"] as? [Any]
    else {
      throw .invalidSafeTensors("tensor `\(name)` lacks a shape or data_offsets")
    }
    let shape = shapeValues.compactMap(nonNegativeInt)
    let offsets = offsetValues.compactMap(nonNegativeInt)
    guard shape.count == shapeValues.count, offsets.count == 2, offsetValues.count == 2 else {
      throw .invalidSafeTensors("tensor `\(name)` has a bad shape or data_offsets")
    }
    return (name, dtype, shape, offsets[0], offsets[1])
  }

  private static func nonNegativeInt(_ value: Any) -> Int? {
    guard let number = value as? NSNumber else { return nil }
    let double = number.doubleValue
    guard double >= 0, double < 9.0e15, double == double.rounded() else { return nil }
    return number.intValue
  }
}

extension Int64 {
  fileprivate var asInt: Int { Int(self) }
}
