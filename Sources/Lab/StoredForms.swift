import Engine
import Foundation

/// The three ways a pruned model can be stored, each a real file.
///
/// - dense: every weight as `F32`, zeros included (4 bytes each);
/// - sparse: each kernel with zeros in the cheapest of three encodings, chosen per tensor by
///   its bytes: dense `F32` (`4n`), CSR over `[n / cols, cols]` (`.values` F32,
///   `.col_indices` I32, `.row_ptr` I32: `8·nnz + 4·(rows + 1)`), or a bitmask (`.mask` U8 with
///   one bit per weight, `.values` F32: `⌈n/8⌉ + 4·nnz`); the choice is in the metadata;
/// - compressed: the dense file through zlib (deflate, level 6).
public struct StoredForms: Sendable {
  /// The dense safetensors file.
  public let dense: SafeTensorsFile
  /// The sparse safetensors file.
  public let sparse: SafeTensorsFile
  /// The zlib stream of the dense file's bytes.
  public let compressed: [UInt8]
  /// The encoding chosen for each weight in the sparse file (`dense`, `csr` or `bitmask`).
  public let encodings: [String: String]

  /// The stored forms of `network`'s weights.
  public init(network: Network, metadata: [String: String] = [:]) throws {
    var info = metadata
    info["format"] = "goldilocks"
    let weights = network.namedWeights()
    dense = SafeTensorsFile(
      metadata: info,
      tensors: weights.map { SafeTensor(name: $0.name, shape: $0.shape, float32: $0.values) }
    )
    var tensors: [SafeTensor] = []
    var encodings: [String: String] = [:]
    var sparseInfo = info
    for weight in weights {
      let n = weight.values.count
      let nonzero = weight.values.filter { $0 != 0 }.count
      let columns = weight.shape.last ?? 1
      let rows = columns > 0 ? n / columns : 0
      let denseBytes = 4 * n
      let csrBytes = weight.shape.count >= 2 ? 8 * nonzero + 4 * (rows + 1) : Int.max
      let bitmaskBytes = (n + 7) / 8 + 4 * nonzero
      let shapeText = "[" + weight.shape.map(String.init).joined(separator: ", ") + "]"
      if csrBytes < denseBytes, csrBytes <= bitmaskBytes {
        let csr = try CSRMatrix(dense: weight.values, rows: rows, columns: columns)
        tensors.append(
          SafeTensor(name: weight.name + ".values", shape: [nonzero], float32: csr.values)
        )
        tensors.append(
          SafeTensor(name: weight.name + ".col_indices", shape: [nonzero], int32: csr.columnIndices)
        )
        tensors.append(
          SafeTensor(name: weight.name + ".row_ptr", shape: [rows + 1], int32: csr.rowPointers)
        )
        encodings[weight.name] = "csr"
        sparseInfo[weight.name] = "csr \(shapeText)"
      } else if bitmaskBytes < denseBytes {
        let bitmask = BitmaskSparseTensor(dense: weight.values)
        tensors.append(
          SafeTensor(
            name: weight.name + ".mask",
            dtype: .u8,
            shape: [bitmask.mask.count],
            data: bitmask.mask
          )
        )
        tensors.append(
          SafeTensor(
            name: weight.name + ".values",
            shape: [bitmask.values.count],
            float32: bitmask.values
          )
        )
        encodings[weight.name] = "bitmask"
        sparseInfo[weight.name] = "bitmask \(shapeText)"
      } else {
        tensors.append(SafeTensor(name: weight.name, shape: weight.shape, float32: weight.values))
        encodings[weight.name] = "dense"
      }
    }
    sparse = SafeTensorsFile(metadata: sparseInfo, tensors: tensors)
    do {
      compressed = try Deflate.compress(try dense.serialized(), level: 6, container: .zlib)
    } catch {
      throw EngineError.unsupported("\(error)")
    }
    self.encodings = encodings
  }

  /// Paths and sizes of the three written files.
  public struct Written: Sendable, Codable, Equatable {
    public var dense: Int
    public var sparse: Int
    public var compressed: Int
    public var densePath: String
    public var sparsePath: String
    public var compressedPath: String
  }

  /// Writes the three files as `<stem>.safetensors`, `<stem>.sparse.safetensors` and
  /// `<stem>.safetensors.zlib`, replacing earlier ones, and returns their sizes on disk.
  public func write(stem: String) throws -> Written {
    let densePath = stem + ".safetensors"
    let sparsePath = stem + ".sparse.safetensors"
    let compressedPath = stem + ".safetensors.zlib"
    let denseSize = try dense.write(to: densePath, overwrite: true)
    let sparseSize = try sparse.write(to: sparsePath, overwrite: true)
    do {
      try Data(compressed).write(to: URL(fileURLWithPath: compressedPath), options: .atomic)
    } catch {
      throw EngineError.fileError(path: compressedPath, reason: error.localizedDescription)
    }
    return Written(
      dense: denseSize,
      sparse: sparseSize,
      compressed: StoredForms.fileSize(compressedPath),
      densePath: densePath,
      sparsePath: sparsePath,
      compressedPath: compressedPath
    )
  }

  /// The size of a file on disk, 0 if it cannot be read.
  public static func fileSize(_ path: String) -> Int {
    let attributes = try? FileManager.default.attributesOfItem(atPath: path)
    return (attributes?[.size] as? NSNumber)?.intValue ?? 0
  }
}

extension SafeTensor {
  /// An `I32` tensor, little-endian.
  init(name: String, shape: [Int], int32 values: [Int32]) {
    var data: [UInt8] = []
    data.reserveCapacity(values.count * 4)
    for value in values {
      let bits = UInt32(bitPattern: value)
      for shift in stride(from: 0, to: 32, by: 8) {
        data.append(UInt8(truncatingIfNeeded: bits >> shift))
      }
    }
    self.init(name: name, dtype: .i32, shape: shape, data: data)
  }
}
