/// Why the progress file cannot be used, with what the learner can do about it.
public enum StoreError: Error, CustomStringConvertible, Equatable, Sendable {
  /// `--db` was given an empty value.
  case emptyPath
  /// The path names a folder (or a link to one), not a file.
  case isDirectory(path: String)
  /// The path names something that is not a regular file: a FIFO, a socket, a device,
  /// a link to nothing.
  case notRegularFile(path: String, kind: String)
  /// The file exists and is empty: Goldilocks did not make it, so it does not take it over.
  case emptyFile(path: String)
  /// The file exists but is not an SQLite database.
  case notSQLite(path: String)
  /// The file starts like an SQLite database but is truncated or damaged.
  case damaged(path: String, reason: String)
  /// The file is an SQLite database of another program (or of nobody Goldilocks knows).
  case foreignDatabase(path: String, detail: String)
  /// Another process holds a lock on the file that did not end in time.
  case locked(path: String)
  /// A `postgres://` URL that cannot be used as it is.
  case badServerURL(url: String, reason: String)
  /// The PostgreSQL server cannot be reached or refused the connection.
  case serverUnreachable(host: String, port: Int, reason: String)
  /// The PostgreSQL server reported an error.
  case server(location: String, message: String)
  /// The file or a folder on its path cannot be read.
  case notReadable(path: String, reason: String)
  /// The file was written by a newer Goldilocks whose schema this one does not know.
  case newerSchema(path: String, unknownMigrations: [String])
  /// The file or its folder cannot be written.
  case notWritable(path: String, reason: String)
  /// The folder for the file cannot be created.
  case cannotCreateDirectory(path: String, reason: String)
  /// No profile with that name exists.
  case unknownProfile(String)
  /// A profile with that name exists already.
  case profileExists(String)
  /// A profile name that cannot be used.
  case invalidProfileName(String)
  /// The last profile cannot be deleted.
  case lastProfile(String)
  /// SQLite reported an error while reading or writing.
  case database(path: String, message: String)

  public var description: String {
    switch self {
    case .emptyPath:
      return
        "--db was given an empty value; pass the progress file's path, or leave --db out to use the default file"
    case .isDirectory(let path):
      return
        "\(path) is a folder, not a progress file; it was left untouched: pass a file path such as \(path)/progress.sqlite with --db"
    case .notRegularFile(let path, let kind):
      return
        "\(path) is \(kind), not a regular file; it was left untouched: pass a progress file with --db or GOLDILOCKS_DB"
    case .emptyFile(let path):
      return
        "\(path) is an empty file that Goldilocks did not create, so it is not taken over; it was left untouched: delete it or pass another file with --db"
    case .damaged(let path, let reason):
      return
        "\(path) is a damaged SQLite file (\(reason)); it was left untouched: restore it from a backup or pass another file with --db"
    case .foreignDatabase(let path, let detail):
      return
        "\(path) is another program's SQLite database (\(detail)), not a Goldilocks progress file; it was left untouched: pass another file with --db"
    case .locked(let path):
      return
        "\(path) is locked by another program that holds it open; it was left untouched: close that program (or wait for it) and try again"
    case .badServerURL(let url, let reason):
      return "\(url) cannot be used as the progress store: \(reason)"
    case .serverUnreachable(let host, let port, let reason):
      return
        "cannot connect to the PostgreSQL server at \(host):\(port) (\(reason)); check that it runs and that the URL, user and password (PGPASSWORD or ~/.pgpass) are right"
    case .server(let location, let message):
      return "the PostgreSQL progress store \(location) reported an error: \(message)"
    case .notReadable(let path, let reason):
      return
        "\(path) cannot be read (\(reason)); it was left untouched: fix its permissions or pass another file with --db"
    case .notSQLite(let path):
      return
        "\(path) is not a Goldilocks progress database (it is not an SQLite file); it was left untouched: pass another file with --db or GOLDILOCKS_DB"
    case .newerSchema(let path, let unknown):
      return
        "\(path) was written by a newer Goldilocks (unknown schema changes: \(unknown.joined(separator: ", "))); it was left untouched: update Goldilocks or pass another file with --db"
    case .notWritable(let path, let reason):
      return
        "\(path) cannot be written (\(reason)); it was left untouched: fix its permissions or pass another file with --db"
    case .cannotCreateDirectory(let path, let reason):
      return
        "cannot create the folder \(path) for the progress database (\(reason)); pass a writable file with --db"
    case .unknownProfile(let name):
      return
        "there is no profile named '\(name)'; `profile list` shows them, `profile create \(name)` makes it"
    case .profileExists(let name):
      return "a profile named '\(name)' exists already; choose another name"
    case .invalidProfileName(let name):
      return
        "'\(name)' cannot be a profile name: use 1 to 40 letters, digits, '-', '_' or '.'"
    case .lastProfile(let name):
      return "'\(name)' is the only profile and cannot be deleted; create another one first"
    case .database(let path, let message):
      return "the progress database \(path) reported an error: \(message)"
    }
  }
}
