import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Writes a whole file or nothing: to a temporary name beside it, then linked into place;
/// an existing file (or folder, or link) is never replaced and no partial file is left.
enum SafeFileWriter {
  static func write(_ data: Data, to path: String) throws {
    guard !path.isEmpty else {
      throw GoldilocksError.invalidValue("the output file name is empty; pass a file name")
    }
    var info = stat()
    if lstat(path, &info) == 0 {
      let kind = info.st_mode & S_IFMT == S_IFDIR ? "is a folder" : "exists already"
      throw GoldilocksError.invalidValue(
        "\(path) \(kind) and is left untouched; choose another file name"
      )
    }
    let url = URL(fileURLWithPath: path)
    let folder = url.deletingLastPathComponent().path
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder),
      isFolder.boolValue
    else {
      throw GoldilocksError.invalidValue(
        "the folder \(folder) does not exist; create it or choose another path"
      )
    }
    let temporary =
      folder + "/." + url.lastPathComponent
      + ".\(ProcessInfo.processInfo.processIdentifier).\(UUID().uuidString.prefix(8)).tmp"
    defer { unlink(temporary) }
    do {
      try data.write(to: URL(fileURLWithPath: temporary))
    } catch {
      throw GoldilocksError.invalidValue(
        "cannot write \(path) (\(Self.reason(error))); nothing was written"
      )
    }
    // link(2) fails instead of replacing when the name exists (a race with another writer).
    guard link(temporary, path) == 0 else {
      let code = errno
      if code == EEXIST {
        throw GoldilocksError.invalidValue(
          "\(path) exists already and is left untouched; choose another file name"
        )
      }
      // File systems without hard links: rename, unless the name appeared meanwhile.
      if code == EPERM || code == ENOTSUP || code == EOPNOTSUPP, lstat(path, &info) != 0,
        rename(temporary, path) == 0
      {
        return
      }
      throw GoldilocksError.invalidValue(
        "cannot write \(path) (\(String(cString: strerror(code)))); nothing was written"
      )
    }
  }

  /// The system's reason for a failed write, without Foundation's long preamble.
  static func reason(_ error: any Error) -> String {
    let nsError = error as NSError
    if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError,
      underlying.domain == NSPOSIXErrorDomain
    {
      return String(cString: strerror(Int32(underlying.code)))
    }
    return error.localizedDescription
  }
}
