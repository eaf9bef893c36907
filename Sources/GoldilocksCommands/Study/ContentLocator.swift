import Curriculum
import Foundation

/// Finds the folder that holds `content/` and `quizzes/`: `GOLDILOCKS_CONTENT`, the
/// current folder or one above it, or the source checkout the program was built from.
enum ContentLocator {
  static func root(environment: [String: String], filePath: String = #filePath) throws(ContentError)
    -> String
  {
    var searched: [String] = []
    if let value = environment["GOLDILOCKS_CONTENT"], !value.isEmpty {
      if isRoot(value) { return value }
      throw ContentError.contentNotFound(searched: [value])
    }
    var folder = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    for _ in 0..<4 {
      searched.append(folder.path)
      if isRoot(folder.path) { return folder.path }
      folder.deleteLastPathComponent()
    }
    var source = URL(fileURLWithPath: filePath)
    for _ in 0..<6 {
      source.deleteLastPathComponent()
      if isRoot(source.path) { return source.path }
    }
    searched.append(source.path)
    throw ContentError.contentNotFound(searched: searched)
  }

  static func isRoot(_ path: String) -> Bool {
    FileManager.default.fileExists(atPath: path + "/content/chapters")
  }
}
