/// Why the progress file cannot be used, with what the learner can do about it.
public enum StoreError: Error, CustomStringConvertible, Equatable, Sendable {
  /// The file exists but is not an SQLite database.
  case notSQLite(path: String)
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
