import Engine
import SpecLanguage

/// Models named by a file (config.json, safetensors, index) for the calculator's commands.
enum ModelFileInput {
  /// The model a file describes, built from its config's spec.
  static func model(path: String) throws -> ModelDescription {
    let file = try ModelFile.read(path: path)
    guard let config = file.config else {
      throw ModelFileError(
        path: path,
        message:
          "a checkpoint's headers give tensors, not the architecture; calc summary lists them, other commands need the config.json beside it"
      )
    }
    return try model(config: config)
  }

  /// The model a config describes.
  static func model(config: HuggingFaceConfig) throws -> ModelDescription {
    do {
      var model = try ModelSpec.parse(config.spec)
      model.spec = config.spec
      return model
    } catch {
      throw ModelFileError(
        path: config.path,
        message: "describes an impossible model: \(error.message)"
      )
    }
  }
}
