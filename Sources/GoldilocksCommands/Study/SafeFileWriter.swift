import Foundation

/// Writes a whole file or nothing: to a temporary name beside it, then renamed; an
/// existing file is never replaced.
enum SafeFileWriter {
  static func write(_ data: Data, to path: String) throws {
    let fileManager = FileManager.default
    if fileManager.fileExists(atPath: path) {
      throw GoldilocksError.invalidValue(
        "\(path) exists already and is left untouched; choose another file name"
      )
    }
    let url = URL(fileURLWithPath: path)
    let folder = url.deletingLastPathComponent().path
    guard fileManager.fileExists(atPath: folder) else {
      throw GoldilocksError.invalidValue(
        "the folder \(folder) does not exist; create it or choose another path"
      )
    }
    let temporary =
      folder + "/." + url.lastPathComponent + ".\(ProcessInfo.processInfo.processIdentifier).tmp"
    do {
      try data.write(to: URL(fileURLWithPath: temporary))
      // link(2) fails instead of replacing when the name exists (a race with another writer).
      guard link(temporary, path) == 0 else {
        try? fileManager.removeItem(atPath: temporary)
        throw GoldilocksError.invalidValue(
          "\(path) exists already and is left untouched; choose another file name"
        )
      }
      try? fileManager.removeItem(atPath: temporary)
    } catch let error as GoldilocksError {
      throw error
    } catch {
      try? fileManager.removeItem(atPath: temporary)
      throw GoldilocksError.invalidValue("cannot write \(path): \(error.localizedDescription)")
    }
  }
}
