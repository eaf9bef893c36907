/// A JSON value as `JSONDecoder` reads it, keeping booleans, whole numbers, fractions,
/// strings, arrays, objects and null apart so that a config key of the wrong type is named.
public enum JSONValue: Decodable, Sendable, Equatable {
  case bool(Bool)
  case integer(Int64)
  case number(Double)
  case string(String)
  case array([JSONValue])
  case object([String: JSONValue])
  case null

  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    if container.decodeNil() {
      self = .null
    } else if let value = try? container.decode(Bool.self) {
      self = .bool(value)
    } else if let value = try? container.decode(Int64.self) {
      self = .integer(value)
    } else if let value = try? container.decode(Double.self) {
      self = .number(value)
    } else if let value = try? container.decode(String.self) {
      self = .string(value)
    } else if let value = try? container.decode([JSONValue].self) {
      self = .array(value)
    } else {
      self = .object(try container.decode([String: JSONValue].self))
    }
  }

  /// How the value reads in an error message: its JSON kind and, when short, the value.
  public var shown: String {
    switch self {
    case .bool(let value): return "\(value)"
    case .integer(let value): return "\(value)"
    case .number(let value): return "\(value)"
    case .string(let value): return "\"\(value.prefix(40))\" (a string)"
    case .array: return "a list"
    case .object: return "an object"
    case .null: return "null"
    }
  }
}
