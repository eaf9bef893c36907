import Engine
import Foundation

/// What a safetensors checkpoint holds, read from its headers only: every tensor's name,
/// dtype and shape, parameters and bytes by dtype.
///
/// A sharded checkpoint's `model.safetensors.index.json` names the shard of every tensor;
/// each shard's header is read and every tensor the index names must be in its shard.
public struct CheckpointSummary: Sendable {
  /// One tensor and the file it is in.
  public struct Tensor: Sendable, Equatable {
    /// The tensor's name.
    public var name: String
    /// Its dtype, as safetensors spells it (`BF16`).
    public var dtype: String
    /// Its shape.
    public var shape: [Int]
    /// Its number of values.
    public var params: Int64
    /// The file (shard) holding it, relative to the index.
    public var file: String
  }

  /// The path read (a `.safetensors` file or an index).
  public var path: String
  /// Every tensor, sorted by name.
  public var tensors: [Tensor]
  /// The shard files read (one for a single file).
  public var files: [String]
  /// `metadata.total_size` of an index, when it gives one.
  public var indexTotalSize: Int64?

  /// Tensors that are buffers, not parameters (`position_ids`, GPT-2's attention masks,
  /// rotary `inv_freq`): older checkpoints store them; `model.parameters()` does not count them.
  public static func isBuffer(_ name: String) -> Bool {
    name.hasSuffix("position_ids") || name.hasSuffix(".attn.bias")
      || name.hasSuffix(".attn.masked_bias") || name.hasSuffix("inv_freq")
  }

  /// Values of every tensor that is not a buffer.
  public var totalParameters: Int64 {
    tensors.filter { !Self.isBuffer($0.name) }.reduce(0) { $0 &+ $1.params }
  }

  /// Values of the buffers stored beside the parameters.
  public var bufferValues: Int64 {
    tensors.filter { Self.isBuffer($0.name) }.reduce(0) { $0 &+ $1.params }
  }

  /// Values per dtype (parameters only), keyed by the dtype name.
  public var parametersByDType: [String: Int64] {
    var result: [String: Int64] = [:]
    for tensor in tensors where !Self.isBuffer(tensor.name) {
      result[tensor.dtype, default: 0] &+= tensor.params
    }
    return result
  }

  /// Bytes of tensor data per dtype (every tensor).
  public var bytesByDType: [String: Int64] {
    var result: [String: Int64] = [:]
    for tensor in tensors {
      let size = Int64(SafeTensorsDType(rawValue: tensor.dtype)?.byteSize ?? 0)
      result[tensor.dtype, default: 0] &+= tensor.params &* size
    }
    return result
  }

  /// Bytes of all tensor data.
  public var dataBytes: Int64 { bytesByDType.values.reduce(0, &+) }

  /// Reads one `.safetensors` file's header.
  public static func readFile(path: String) throws(ModelFileError) -> CheckpointSummary {
    let header: SafeTensorsHeader
    do {
      header = try SafeTensorsHeader.read(path: path)
    } catch {
      throw ModelFileError(path: path, message: Self.message(error))
    }
    let name = URL(fileURLWithPath: path).lastPathComponent
    return CheckpointSummary(
      path: path,
      tensors: header.entries.map {
        Tensor(
          name: $0.name,
          dtype: $0.dtype.rawValue,
          shape: $0.shape,
          params: $0.elementCount,
          file: name
        )
      },
      files: [name],
      indexTotalSize: nil
    )
  }

  /// Reads a `model.safetensors.index.json` and the header of every shard it names.
  public static func readIndex(path: String) throws(ModelFileError) -> CheckpointSummary {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ModelFileError(path: path, message: "cannot read the file")
    }
    let root: JSONValue
    do {
      root = try JSONDecoder().decode(JSONValue.self, from: data)
    } catch {
      throw ModelFileError(path: path, message: "is not valid JSON")
    }
    guard case .object(let object) = root else {
      throw ModelFileError(path: path, message: "is not a JSON object")
    }
    guard case .object(let map)? = object["weight_map"] else {
      throw ModelFileError(
        path: path,
        key: "weight_map",
        message: "is missing or not an object; an index maps each tensor name to its shard file"
      )
    }
    var totalSize: Int64?
    if case .object(let metadata)? = object["metadata"] {
      switch metadata["total_size"] {
      case .integer(let value)?: totalSize = value
      case .number(let value)? where value >= 0 && value < 9e18: totalSize = Int64(value)
      default: break
      }
    }
    var shardOf: [String: String] = [:]
    for (tensor, value) in map {
      guard case .string(let file) = value else {
        throw ModelFileError(
          path: path,
          key: "weight_map.\(tensor)",
          message: "must be a shard file name, got \(value.shown)"
        )
      }
      guard !file.contains("/"), !file.hasPrefix(".") else {
        throw ModelFileError(
          path: path,
          key: "weight_map.\(tensor)",
          message: "`\(file)` must be a file name in the index's folder"
        )
      }
      shardOf[tensor] = file
    }
    let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
    var tensors: [Tensor] = []
    let files = Set(shardOf.values).sorted()
    for file in files {
      let shardPath = folder.appendingPathComponent(file).path
      let shard = try readFile(path: shardPath)
      let present = Set(shard.tensors.map(\.name))
      for (tensor, owner) in shardOf where owner == file && !present.contains(tensor) {
        throw ModelFileError(
          path: path,
          key: "weight_map.\(tensor)",
          message: "names \(file), but that shard has no tensor `\(tensor)`"
        )
      }
      tensors += shard.tensors.filter { shardOf[$0.name] == file }
    }
    tensors.sort { Array($0.name.utf8).lexicographicallyPrecedes(Array($1.name.utf8)) }
    return CheckpointSummary(path: path, tensors: tensors, files: files, indexTotalSize: totalSize)
  }

  /// Tensors grouped by name with layer numbers replaced by `*` (`model.layers.*.mlp…`), in
  /// first-appearance order: one row per distinct tensor role, with how many layers have it.
  public var groupedRows:
    [(pattern: String, dtype: String, shape: [Int], count: Int, params: Int64)]
  {
    var order: [String] = []
    var rows: [String: (pattern: String, dtype: String, shape: [Int], count: Int, params: Int64)] =
      [:]
    for tensor in tensors {
      let pattern = Self.pattern(tensor.name)
      let key = "\(pattern)|\(tensor.dtype)|\(tensor.shape)"
      if var row = rows[key] {
        row.count += 1
        row.params &+= tensor.params
        rows[key] = row
      } else {
        order.append(key)
        rows[key] = (pattern, tensor.dtype, tensor.shape, 1, tensor.params)
      }
    }
    return order.compactMap { rows[$0] }.sorted { left, right in
      Self.sortKey(left.pattern).lexicographicallyPrecedes(Self.sortKey(right.pattern))
    }
  }

  private static func pattern(_ name: String) -> String {
    name.split(separator: ".", omittingEmptySubsequences: false).map { part in
      part.allSatisfy(\.isNumber) && !part.isEmpty ? "*" : String(part)
    }.joined(separator: ".")
  }

  private static func sortKey(_ pattern: String) -> [UInt8] { Array(pattern.utf8) }

  private static func message(_ error: EngineError) -> String {
    switch error {
    case .fileError(_, let reason): return reason
    default: return error.description
    }
  }
}
