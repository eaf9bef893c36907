/// Reads typed keys of a config object, falling back to the config class's defaults and
/// naming the file and key when a value has the wrong type or range.
struct ConfigFieldReader {
  let object: [String: JSONValue]
  let path: String
  /// Defaults of whole-number keys (`nil`: derived from other keys).
  let integers: [String: Int?]
  /// Defaults of boolean keys.
  let booleans: [String: Bool]

  /// The largest size accepted (larger ones are surely not a real model).
  static let largest = 1_000_000_000

  /// A whole number ≥ `minimum`, or the default.
  func int(_ key: String, minimum: Int = 1) throws(ModelFileError) -> Int {
    guard let value = try optionalInt(key, minimum: minimum) else {
      throw ModelFileError(path: path, key: key, message: "is missing; give it a whole number")
    }
    return value
  }

  /// A whole number ≥ `minimum`, the default, or `nil` when the key is null and has no default.
  func optionalInt(_ key: String, minimum: Int = 1) throws(ModelFileError) -> Int? {
    switch object[key] {
    case nil, .null:
      return integers[key] ?? nil
    case .integer(let value):
      guard value >= Int64(minimum) else {
        throw ModelFileError(
          path: path,
          key: key,
          message: "must be at least \(minimum), got \(value)"
        )
      }
      guard value <= Int64(Self.largest) else {
        throw ModelFileError(
          path: path,
          key: key,
          message: "\(value) is too large (at most \(Self.largest))"
        )
      }
      return Int(value)
    case .some(let other):
      throw ModelFileError(
        path: path,
        key: key,
        message: "must be a whole number, got \(other.shown)"
      )
    }
  }

  /// A boolean, or the default.
  func bool(_ key: String) throws(ModelFileError) -> Bool {
    switch object[key] {
    case nil, .null:
      return booleans[key] ?? false
    case .bool(let value):
      return value
    case .some(let other):
      throw ModelFileError(
        path: path,
        key: key,
        message: "must be true or false, got \(other.shown)"
      )
    }
  }
}
