import ArgumentParser

/// The file formats `calc export --format` writes.
enum ModelFileFormat: String, CaseIterable, ExpressibleByArgument {
  case safetensors
}
