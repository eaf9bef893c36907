import Foundation

/// A model named by a file or folder instead of a spec: a Hugging Face `config.json`, a folder
/// holding one, a `.safetensors` file or a sharded checkpoint's `model.safetensors.index.json`.
public enum ModelFile: Sendable {
  /// A config, turned into a spec.
  case config(HuggingFaceConfig)
  /// A checkpoint's headers, with the config beside it when there is one.
  case checkpoint(CheckpointSummary, config: HuggingFaceConfig?)

  /// Whether `text` names a file rather than a spec: it has a `/`, ends in `.json` or
  /// `.safetensors`, or is an existing folder.
  public static func looksLikePath(_ text: String) -> Bool {
    let trimmed = text.trimmingWhitespace
    guard !trimmed.isEmpty, !trimmed.contains(" "), !trimmed.contains("(") else { return false }
    if trimmed.contains("/") || trimmed.hasSuffix(".json") || trimmed.hasSuffix(".safetensors") {
      return true
    }
    var isFolder: ObjCBool = false
    return Preset.named(trimmed) == nil
      && FileManager.default.fileExists(atPath: trimmed, isDirectory: &isFolder)
      && isFolder.boolValue
  }

  /// Reads the model at `path`.
  public static func read(path: String) throws(ModelFileError) -> ModelFile {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
      throw ModelFileError(
        path: path,
        message:
          "no such file or folder; give a config.json, a folder holding one, a .safetensors file or a model.safetensors.index.json"
      )
    }
    if isFolder.boolValue {
      let folder = URL(fileURLWithPath: path)
      let config = folder.appendingPathComponent("config.json").path
      if FileManager.default.fileExists(atPath: config) {
        return .config(try HuggingFaceConfig.read(path: config))
      }
      for name in ["model.safetensors.index.json", "model.safetensors"] {
        let candidate = folder.appendingPathComponent(name).path
        if FileManager.default.fileExists(atPath: candidate) {
          return try read(path: candidate)
        }
      }
      throw ModelFileError(
        path: path,
        message:
          "the folder holds no config.json, model.safetensors.index.json or model.safetensors"
      )
    }
    if path.hasSuffix(".safetensors") {
      return .checkpoint(try CheckpointSummary.readFile(path: path), config: try configBeside(path))
    }
    if path.hasSuffix(".index.json") {
      return .checkpoint(
        try CheckpointSummary.readIndex(path: path),
        config: try configBeside(path)
      )
    }
    return .config(try HuggingFaceConfig.read(path: path))
  }

  /// The spec of the model, when its architecture is known (a config).
  public var config: HuggingFaceConfig? {
    switch self {
    case .config(let config): return config
    case .checkpoint(_, let config): return config
    }
  }

  private static func configBeside(_ path: String) throws(ModelFileError) -> HuggingFaceConfig? {
    let config = URL(fileURLWithPath: path).deletingLastPathComponent()
      .appendingPathComponent("config.json").path
    guard FileManager.default.fileExists(atPath: config) else { return nil }
    return try HuggingFaceConfig.read(path: config)
  }
}
