import Foundation
import ProgressStore

/// A `postgres://user@host:port/dbname` address of a class store, with the password
/// found in `PGPASSWORD` or `~/.pgpass`, never in the URL itself.
public struct PostgresURL: Equatable, Sendable {
  public var user: String
  public var host: String
  public var port: Int
  public var database: String
  /// `disable` (default), `prefer` or `require`, from `?sslmode=`.
  public var sslMode: String
  /// The schema the tables live in, from `?schema=` (several classes in one database);
  /// nil for the user's default search path.
  public var schema: String?

  /// Whether `text` names a PostgreSQL server rather than an SQLite file.
  public static func isServerURL(_ text: String) -> Bool {
    text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
  }

  /// Parses a URL; refuses one that carries a password or cannot be read.
  public init(_ text: String, environment: [String: String]) throws(StoreError) {
    guard let components = URLComponents(string: text),
      components.scheme == "postgres" || components.scheme == "postgresql"
    else {
      throw StoreError.badServerURL(url: text, reason: "it is not a postgres:// URL")
    }
    if components.password != nil {
      throw StoreError.badServerURL(
        url: Self.redacted(components),
        reason:
          "it holds a password, which would end up in shell history; put it in PGPASSWORD or ~/.pgpass instead"
      )
    }
    let user = components.user ?? environment["PGUSER"] ?? environment["USER"] ?? ""
    guard !user.isEmpty else {
      throw StoreError.badServerURL(url: text, reason: "it names no user (postgres://USER@HOST/DB)")
    }
    self.user = user
    host = components.host.flatMap { $0.isEmpty ? nil : $0 } ?? "localhost"
    port = components.port ?? 5432
    guard (1...65_535).contains(port) else {
      throw StoreError.badServerURL(url: text, reason: "port \(port) is not 1 to 65535")
    }
    let path =
      components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
    database = path.isEmpty ? user : path
    let mode = components.queryItems?.first { $0.name == "sslmode" }?.value ?? "disable"
    guard ["disable", "prefer", "require", "verify-full"].contains(mode) else {
      throw StoreError.badServerURL(
        url: text,
        reason: "sslmode=\(mode) is not known; use disable, prefer, require or verify-full"
      )
    }
    sslMode = mode
    schema = components.queryItems?.first { $0.name == "schema" }?.value
    if let schema {
      let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789_")
      guard (1...63).contains(schema.count), schema.allSatisfy(allowed.contains),
        !(schema.first?.isNumber ?? true)
      else {
        throw StoreError.badServerURL(
          url: text,
          reason: "schema=\(schema) must be 1 to 63 lowercase letters, digits or _"
        )
      }
    }
  }

  /// The URL as it may be shown: no password.
  public var display: String {
    "postgres://\(user)@\(host):\(port)/\(database)" + (schema.map { "?schema=" + $0 } ?? "")
  }

  static func redacted(_ components: URLComponents) -> String {
    var copy = components
    copy.password = nil
    return copy.string ?? "postgres://"
  }

  /// The password from `PGPASSWORD`, else from the first matching line of `~/.pgpass`
  /// (or `PGPASSFILE`): `host:port:database:user:password`, `*` matching anything.
  public func password(environment: [String: String]) -> String? {
    if let value = environment["PGPASSWORD"], !value.isEmpty { return value }
    let home = environment["HOME"] ?? NSHomeDirectory()
    let file = environment["PGPASSFILE"] ?? home + "/.pgpass"
    guard let data = FileManager.default.contents(atPath: file) else { return nil }
    for line in String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline) {
      if line.hasPrefix("#") { continue }
      let fields = Self.pgpassFields(String(line))
      guard fields.count == 5 else { continue }
      let wanted = [host, String(port), database, user]
      if zip(fields.prefix(4), wanted).allSatisfy({ $0 == "*" || $0 == $1 }) {
        return fields[4]
      }
    }
    return nil
  }

  /// Splits a `.pgpass` line at unescaped colons; `\:` and `\\` are literal.
  static func pgpassFields(_ line: String) -> [String] {
    var fields: [String] = []
    var current = ""
    var escaped = false
    for character in line {
      if escaped {
        current.append(character)
        escaped = false
      } else if character == "\\" {
        escaped = true
      } else if character == ":" && fields.count < 4 {
        fields.append(current)
        current = ""
      } else {
        current.append(character)
      }
    }
    fields.append(current)
    return fields
  }
}
