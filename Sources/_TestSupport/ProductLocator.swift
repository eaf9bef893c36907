import Foundation

/// Finds the built `goldilocks` executable next to the test bundle, for tests that
/// drive it as a real process.
public enum ProductLocator {
  /// The path of the executable product `name`, or `nil` when it has not been built.
  public static func executable(_ name: String = "goldilocks", filePath: String = #filePath)
    -> String?
  {
    var candidates: [String] = []
    let testBinary = URL(fileURLWithPath: CommandLine.arguments.first ?? "")
    var folder = testBinary.deletingLastPathComponent()
    for _ in 0..<4 {
      candidates.append(folder.appendingPathComponent(name).path)
      folder = folder.deletingLastPathComponent()
    }
    var root = URL(fileURLWithPath: filePath)
    while root.path != "/" && !FileManager.default.fileExists(atPath: root.path + "/Package.swift")
    {
      root = root.deletingLastPathComponent()
    }
    candidates.append(root.path + "/.build/debug/" + name)
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
  }
}
