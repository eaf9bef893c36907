import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Reads a whole regular file the learner named, refusing folders, FIFOs and devices
/// before opening them (reading a FIFO would wait forever) and files too large to load.
enum SafeFileReader {
  /// The file's bytes; `what` names the file in messages ("progress export").
  static func read(_ path: String, limit: Int, what: String) throws -> Data {
    guard !path.isEmpty else {
      throw GoldilocksError.invalidValue("the \(what) path is empty; pass a file name")
    }
    var info = stat()
    guard stat(path, &info) == 0 else {
      let reason = errno == ENOENT ? "it does not exist" : String(cString: strerror(errno))
      throw GoldilocksError.invalidValue("cannot read \(path) (\(reason)); check the path")
    }
    switch info.st_mode & S_IFMT {
    case S_IFREG:
      break
    case S_IFDIR:
      throw GoldilocksError.invalidValue("\(path) is a folder; pass the \(what) file inside it")
    default:
      throw GoldilocksError.invalidValue(
        "\(path) is not a regular file (a pipe, socket or device); pass a \(what) file"
      )
    }
    guard info.st_size <= limit else {
      throw GoldilocksError.invalidValue(
        "\(path) is \(info.st_size) bytes, more than the \(limit >> 20) MB a \(what) can be"
      )
    }
    let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
    guard descriptor >= 0 else {
      throw GoldilocksError.invalidValue(
        "cannot read \(path) (\(String(cString: strerror(errno)))); check its permissions"
      )
    }
    let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    do {
      let data = try handle.read(upToCount: limit + 1) ?? Data()
      guard data.count <= limit else {
        throw GoldilocksError.invalidValue(
          "\(path) is more than the \(limit >> 20) MB a \(what) can be"
        )
      }
      return data
    } catch let error as GoldilocksError {
      throw error
    } catch {
      throw GoldilocksError.invalidValue("cannot read \(path): \(error.localizedDescription)")
    }
  }
}
