import Foundation

/// The contents of one `.glds` dataset file (format `GLDS0001`, see content/datasets/README.md).
///
/// Layout: 8-byte magic, UInt32 little-endian header length `N`, `N` bytes of JSON header,
/// `rows × F` feature values (`f32` little-endian or `u8`), then `rows` UInt8 labels; the file
/// must end exactly there. Every check throws a `DatasetError`; malformed input never crashes.
public struct GLDSFile: Sendable, Equatable {
  /// Dataset id (`iris`, …).
  public var name: String
  /// One line for display.
  public var summary: String
  /// Number of rows.
  public var rows: Int
  /// Shape of one row, such as `[28, 28, 1]`.
  public var featureShape: [Int]
  /// `"f32"` or `"u8"`.
  public var featureType: String
  /// Divide stored values by this to get the model input.
  public var featureScale: Double
  /// Number of classes.
  public var classes: Int
  /// One name per class.
  public var classNames: [String]
  /// One name per feature for tabular sets.
  public var featureNames: [String]?
  /// Where the data came from.
  public var source: String
  /// Licence of the data.
  public var license: String
  /// Length of the JSON header in bytes.
  public var headerBytes: Int
  /// Stored feature values (before scaling), widened to `Float`, row-major.
  public var storedFeatures: [Float]
  /// One label per row.
  public var labels: [UInt8]

  private struct Header: Decodable {
    var name: String
    var description: String?
    var rows: Int
    var featureShape: [Int]
    var featureDtype: String
    var featureScale: Double
    var classes: Int
    var classNames: [String]?
    var featureNames: [String]?
    var source: String?
    var license: String?
  }

  /// Reads and validates a file.
  public init(contentsOf url: URL) throws(DatasetError) {
    let path = url.path
    guard FileManager.default.fileExists(atPath: path) else { throw .fileNotFound(path: path) }
    let data: Data
    do {
      data = try Data(contentsOf: url)
    } catch {
      throw .unreadable(path: path, reason: "\(error.localizedDescription)")
    }
    try self.init(data: data, path: path)
  }

  /// Parses and validates the bytes of a file; `path` is used in error messages only.
  public init(data: Data, path: String = "<memory>") throws(DatasetError) {
    let bytes = [UInt8](data)
    guard bytes.count >= 12 else {
      if bytes.count >= 8, String(decoding: bytes[0..<8], as: UTF8.self) == "GLDS0001" {
        throw .sizeMismatch(path: path, expected: 12, actual: bytes.count)
      }
      throw .badMagic(path: path, found: GLDSFile.printable(bytes.prefix(8)))
    }
    guard Array(bytes[0..<8]) == Array("GLDS0001".utf8) else {
      throw .badMagic(path: path, found: GLDSFile.printable(bytes.prefix(8)))
    }
    let headerLength =
      Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
    guard 12 + headerLength <= bytes.count else {
      throw .sizeMismatch(path: path, expected: 12 + headerLength, actual: bytes.count)
    }
    let header: Header
    do {
      let decoder = JSONDecoder()
      decoder.keyDecodingStrategy = .convertFromSnakeCase
      header = try decoder.decode(Header.self, from: Data(bytes[12..<(12 + headerLength)]))
    } catch {
      throw .badHeader(path: path, reason: "the JSON header cannot be read (\(error))")
    }
    guard header.rows >= 0, !header.featureShape.isEmpty,
      header.featureShape.allSatisfy({ $0 > 0 && $0 < 1 << 24 })
    else {
      throw .badHeader(path: path, reason: "rows and feature_shape must be positive")
    }
    let valueSize: Int
    switch header.featureDtype {
    case "f32": valueSize = 4
    case "u8": valueSize = 1
    default:
      throw .badHeader(
        path: path,
        reason: "feature_dtype '\(header.featureDtype)' is not 'f32' or 'u8'"
      )
    }
    guard header.featureScale > 0, header.featureScale.isFinite else {
      throw .badHeader(path: path, reason: "feature_scale must be a positive number")
    }
    guard header.classes > 0 && header.classes <= 256 else {
      throw .badHeader(path: path, reason: "classes must be 1…256, not \(header.classes)")
    }
    let perRow = header.featureShape.reduce(1, *)
    let (featureBytes, overflow) = header.rows.multipliedReportingOverflow(by: perRow * valueSize)
    guard !overflow else { throw .badHeader(path: path, reason: "rows × features overflows") }
    let expected = 12 + headerLength + featureBytes + header.rows
    guard expected == bytes.count else {
      throw .sizeMismatch(path: path, expected: expected, actual: bytes.count)
    }
    let start = 12 + headerLength
    let valueCount = header.rows * perRow
    let values = bytes.withUnsafeBytes { raw in
      [Float](unsafeUninitializedCapacity: valueCount) { target, initialized in
        if valueSize == 4 {
          for i in 0..<valueCount {
            let bits = raw.loadUnaligned(fromByteOffset: start + 4 * i, as: UInt32.self)
            target[i] = Float(bitPattern: UInt32(littleEndian: bits))
          }
        } else {
          let source = raw.baseAddress!.assumingMemoryBound(to: UInt8.self) + start
          for i in 0..<valueCount { target[i] = Float(source[i]) }
        }
        initialized = valueCount
      }
    }
    let labelStart = start + featureBytes
    let labels = Array(bytes[labelStart..<(labelStart + header.rows)])
    if let bad = labels.firstIndex(where: { Int($0) >= header.classes }) {
      throw .labelOutOfRange(
        path: path,
        row: bad,
        label: Int(labels[bad]),
        classes: header.classes
      )
    }
    if let names = header.classNames, names.count != header.classes {
      throw .badHeader(
        path: path,
        reason: "class_names has \(names.count) names for \(header.classes) classes"
      )
    }
    name = header.name
    summary = header.description ?? ""
    rows = header.rows
    featureShape = header.featureShape
    featureType = header.featureDtype
    featureScale = header.featureScale
    classes = header.classes
    classNames = header.classNames ?? (0..<header.classes).map(String.init)
    featureNames = header.featureNames
    source = header.source ?? ""
    license = header.license ?? ""
    headerBytes = headerLength
    storedFeatures = values
    self.labels = labels
  }

  private static func printable(_ bytes: ArraySlice<UInt8>) -> String {
    String(bytes.map { $0 >= 32 && $0 < 127 ? Character(UnicodeScalar($0)) : "?" })
  }
}
