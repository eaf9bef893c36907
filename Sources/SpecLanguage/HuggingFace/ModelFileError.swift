/// A model description file (`config.json`, `.safetensors`, an index) that cannot be read,
/// naming the file and, where there is one, the key.
public struct ModelFileError: Error, CustomStringConvertible, Equatable, Sendable {
  /// The file as the learner named it.
  public let path: String
  /// The key at fault (`hidden_size`, a tensor name), or `nil` for the whole file.
  public let key: String?
  /// What is wrong and how to fix it.
  public let message: String

  /// Creates an error.
  public init(path: String, key: String? = nil, message: String) {
    self.path = path
    self.key = key
    self.message = message
  }

  public var description: String {
    if let key { return "\(path): key `\(key)`: \(message)" }
    return "\(path): \(message)"
  }
}
