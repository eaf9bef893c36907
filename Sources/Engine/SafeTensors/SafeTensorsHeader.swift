import Foundation

/// The header of a safetensors file, read without reading any tensor data.
///
/// Reads the 8-byte little-endian header length and the JSON header only, checks that the
/// header fits in the file and that every tensor's offsets fit in the data that follows, and
/// lists every tensor's name, dtype and shape. A 140 GB checkpoint is summarised from a few
/// megabytes.
public struct SafeTensorsHeader: Sendable, Equatable {
  /// One tensor as the header describes it.
  public struct Entry: Sendable, Equatable {
    /// The tensor's name, such as `model.layers.0.self_attn.q_proj.weight`.
    public var name: String
    /// Its element type.
    public var dtype: SafeTensorsDType
    /// Its shape.
    public var shape: [Int]
    /// Its number of values.
    public var elementCount: Int64
    /// Its bytes in the file.
    public var byteCount: Int64
  }

  /// The tensors, sorted by name.
  public var entries: [Entry]
  /// The `__metadata__` map.
  public var metadata: [String: String]
  /// The file's size in bytes.
  public var fileSize: Int64

  /// Reads the header of the file at `path`.
  public static func read(path: String) throws(EngineError) -> SafeTensorsHeader {
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw .fileError(path: path, reason: "cannot open the file")
    }
    defer { try? handle.close() }
    let fileSize: Int64
    do {
      fileSize = Int64(try handle.seekToEnd())
      try handle.seek(toOffset: 0)
    } catch {
      throw .fileError(path: path, reason: "cannot read the file")
    }
    let lengthBytes: [UInt8]
    do {
      lengthBytes = [UInt8](try handle.read(upToCount: 8) ?? Data())
    } catch {
      throw .fileError(path: path, reason: "cannot read the file")
    }
    guard lengthBytes.count == 8 else {
      throw .invalidSafeTensors(
        "it has \(lengthBytes.count) bytes, fewer than the 8-byte header length (truncated?)"
      )
    }
    var length: UInt64 = 0
    for index in 0..<8 { length |= UInt64(lengthBytes[index]) << (8 * UInt64(index)) }
    guard length <= UInt64(SafeTensorsFile.maximumHeaderLength) else {
      throw .invalidSafeTensors("the header length \(length) is over the 100,000,000 limit")
    }
    guard 8 + Int64(length) <= fileSize else {
      throw .invalidSafeTensors(
        "the header length \(length) runs past the end of the \(fileSize)-byte file (truncated?)"
      )
    }
    let header: Data
    do {
      header = try handle.read(upToCount: Int(length)) ?? Data()
    } catch {
      throw .fileError(path: path, reason: "cannot read the header")
    }
    guard header.count == Int(length) else {
      throw .invalidSafeTensors("the header is shorter than its stated \(length) bytes")
    }
    return try SafeTensorsHeader(
      header: header,
      dataSize: fileSize - 8 - Int64(length),
      fileSize: fileSize
    )
  }

  /// Parses a header's JSON; `dataSize` is the number of bytes after it.
  public init(header: Data, dataSize: Int64, fileSize: Int64) throws(EngineError) {
    let parsed: Any
    do {
      parsed = try JSONSerialization.jsonObject(with: header)
    } catch {
      throw .invalidSafeTensors("the header is not valid JSON (truncated?)")
    }
    guard let object = parsed as? [String: Any] else {
      throw .invalidSafeTensors("the header is not a JSON object")
    }
    var metadata: [String: String] = [:]
    var entries: [Entry] = []
    for (name, value) in object {
      if name == "__metadata__" {
        guard let map = value as? [String: Any] else {
          throw .invalidSafeTensors("__metadata__ is not an object")
        }
        for (key, text) in map {
          guard let string = text as? String else {
            throw .invalidSafeTensors("__metadata__ value `\(key)` is not a string")
          }
          metadata[key] = string
        }
        continue
      }
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
      let shape = shapeValues.compactMap(Self.nonNegativeInt)
      let offsets = offsetValues.compactMap(Self.nonNegativeInt)
      guard shape.count == shapeValues.count, offsets.count == 2, offsetValues.count == 2,
        offsets[0] <= offsets[1]
      else {
        throw .invalidSafeTensors("tensor `\(name)` has a bad shape or data_offsets")
      }
      let elements = try Int64.checkedProduct(shape, "the tensor \(name)")
      let bytes = try Int64.checkedProduct(elements, Int64(dtype.byteSize), name)
      guard bytes == Int64(offsets[1] - offsets[0]) else {
        throw .invalidSafeTensors(
          "tensor `\(name)` has \(offsets[1] - offsets[0]) bytes but its shape \(shape) needs \(bytes)"
        )
      }
      guard Int64(offsets[1]) <= dataSize else {
        throw .invalidSafeTensors(
          "tensor `\(name)` ends at byte \(offsets[1]) of the data but the file holds \(dataSize) (truncated?)"
        )
      }
      entries.append(
        Entry(name: name, dtype: dtype, shape: shape, elementCount: elements, byteCount: bytes)
      )
    }
    entries.sort { Array($0.name.utf8).lexicographicallyPrecedes(Array($1.name.utf8)) }
    self.entries = entries
    self.metadata = metadata
    self.fileSize = fileSize
  }

  private static func nonNegativeInt(_ value: Any) -> Int? {
    guard let number = value as? NSNumber else { return nil }
    let double = number.doubleValue
    guard double >= 0, double < 9.0e15, double == double.rounded() else { return nil }
    return number.intValue
  }
}
