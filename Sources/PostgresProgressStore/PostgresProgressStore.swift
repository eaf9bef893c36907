import Foundation
import Logging
import PostgresNIO
import ProgressStore

/// A class's progress on one PostgreSQL server, for many learners answering at once.
///
/// The same records and rules as the SQLite store: every write is one transaction,
/// committed before the call returns; a card update locks the card's row (`SELECT ... FOR
/// UPDATE`) so two answers to one card are applied one after the other; the schema is
/// versioned and a server whose schema is newer than this Goldilocks is refused. Calls
/// block the calling thread on one connection driven by SwiftNIO's event loop, so they
/// can be made from any thread, as the commands make them.
public final class PostgresProgressStore: ProgressStoring, @unchecked Sendable {
  public let location: String
  private let url: PostgresURL
  private let configuration: PostgresConnection.Configuration
  private let logger = Logger(label: "goldilocks.postgres")
  private let lock = NSLock()
  private var connection: PostgresConnection?

  /// The schema, as numbered migrations that are only ever appended to.
  static let migrations: [(name: String, sql: [String])] = [
    (
      "v1-progress",
      [
        """
        CREATE TABLE profile (id bigserial PRIMARY KEY, name text NOT NULL UNIQUE,
          owner name NOT NULL DEFAULT current_user, created_at timestamptz NOT NULL)
        """,
        """
        CREATE TABLE setting (owner name NOT NULL DEFAULT current_user, key text NOT NULL,
          value text NOT NULL, PRIMARY KEY (owner, key))
        """,
        """
        CREATE TABLE section_read (profile_id bigint NOT NULL REFERENCES profile ON DELETE CASCADE,
          section_id text NOT NULL, chapter_id text NOT NULL, read_at timestamptz NOT NULL,
          seconds double precision NOT NULL)
        """,
        "CREATE INDEX section_read_profile ON section_read (profile_id)",
        """
        CREATE TABLE quiz_attempt (id bigserial PRIMARY KEY,
          profile_id bigint NOT NULL REFERENCES profile ON DELETE CASCADE,
          question_id text NOT NULL, topic text NOT NULL, mode text NOT NULL, answer text NOT NULL,
          correct boolean NOT NULL, seconds double precision NOT NULL,
          answered_at timestamptz NOT NULL)
        """,
        "CREATE INDEX quiz_attempt_profile_question ON quiz_attempt (profile_id, question_id)",
        """
        CREATE TABLE review_card (profile_id bigint NOT NULL REFERENCES profile ON DELETE CASCADE,
          question_id text NOT NULL, state text NOT NULL, step integer,
          stability double precision, difficulty double precision, due timestamptz NOT NULL,
          last_review timestamptz, version bigint NOT NULL DEFAULT 0,
          PRIMARY KEY (profile_id, question_id))
        """,
        """
        CREATE TABLE review_log (id bigserial PRIMARY KEY,
          profile_id bigint NOT NULL REFERENCES profile ON DELETE CASCADE,
          question_id text NOT NULL, rating text NOT NULL, reviewed_at timestamptz NOT NULL,
          duration_ms bigint NOT NULL)
        """,
        """
        CREATE TABLE experiment (id bigserial PRIMARY KEY,
          profile_id bigint NOT NULL REFERENCES profile ON DELETE CASCADE,
          command text NOT NULL, spec text NOT NULL, result_json text NOT NULL,
          created_at timestamptz NOT NULL)
        """,
        """
        CREATE TABLE scenario_run (id bigserial PRIMARY KEY,
          profile_id bigint NOT NULL REFERENCES profile ON DELETE CASCADE,
          scenario_id text NOT NULL, decision text NOT NULL, correct boolean NOT NULL,
          result_json text NOT NULL, created_at timestamptz NOT NULL)
        """,
      ]
    ),
    (
      "v2-exams",
      [
        """
        CREATE TABLE exam_result (id bigserial PRIMARY KEY,
          profile_id bigint NOT NULL REFERENCES profile ON DELETE CASCADE,
          exam text NOT NULL, questions bigint NOT NULL, correct bigint NOT NULL,
          minutes double precision NOT NULL, started_at timestamptz NOT NULL,
          finished_at timestamptz NOT NULL, detail_json text NOT NULL)
        """
      ]
    ),
    (
      "v3-attempt-keys",
      [
        // The key a client gives an answer, so that a retried write cannot store it twice.
        "ALTER TABLE quiz_attempt ADD COLUMN attempt_key text",
        """
        CREATE UNIQUE INDEX quiz_attempt_profile_key ON quiz_attempt (profile_id, attempt_key)
        """,
      ]
    ),
  ]

  /// Connects to the server at `url` and brings its schema up to date.
  public init(url text: String, environment: [String: String]) throws(StoreError) {
    let url = try PostgresURL(text, environment: environment)
    self.url = url
    location = url.display
    let tls: PostgresConnection.Configuration.TLS
    do {
      // libpq's meanings: prefer and require encrypt without checking the certificate;
      // verify-full checks it against the system's authorities and the host name.
      var client = TLSConfiguration.makeClientConfiguration()
      if url.sslMode != "verify-full" { client.certificateVerification = .none }
      switch url.sslMode {
      case "disable":
        tls = .disable
      case "prefer":
        tls = .prefer(try NIOSSLContext(configuration: client))
      default:
        tls = .require(try NIOSSLContext(configuration: client))
      }
    } catch {
      throw StoreError.badServerURL(url: url.display, reason: "TLS cannot be set up: \(error)")
    }
    var configuration = PostgresConnection.Configuration(
      host: url.host,
      port: url.port,
      username: url.user,
      password: url.password(environment: environment),
      database: url.database,
      tls: tls
    )
    configuration.options.connectTimeout = .seconds(10)
    self.configuration = configuration
    _ = try connected()
    try migrate()
  }

  /// Drops the schema named in the URL and everything in it (for tests).
  func dropSchema() throws(StoreError) {
    guard let schema = url.schema else { return }
    try transaction { connection in
      try run(PostgresQuery(unsafeSQL: "DROP SCHEMA \(schema) CASCADE"), on: connection)
    }
  }

  deinit {
    if let connection { try? connection.close().wait() }
  }

  // MARK: - Connection and transactions

  /// The open connection, made (again) when there is none or it was lost.
  private func connected() throws(StoreError) -> PostgresConnection {
    if let connection, !connection.isClosed { return connection }
    do {
      let made = try PostgresConnection.connect(
        on: MultiThreadedEventLoopGroup.singleton.next(),
        configuration: configuration,
        id: 1,
        logger: logger
      ).wait()
      if let schema = url.schema {
        // The name was checked to be lowercase letters, digits and _.
        let exists = try made.query(
          "SELECT 1 FROM pg_namespace WHERE nspname = \(schema)",
          logger: logger
        ).wait()
        if exists.isEmpty {
          do {
            try made.query(
              PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \(schema)"),
              logger: logger
            ).wait()
          } catch {
            // Another learner's first connection created it at the same moment.
            let now = try made.query(
              "SELECT 1 FROM pg_namespace WHERE nspname = \(schema)",
              logger: logger
            ).wait()
            if now.isEmpty { throw error }
          }
        }
        try made.query(PostgresQuery(unsafeSQL: "SET search_path TO \(schema)"), logger: logger)
          .wait()
      }
      connection = made
      return made
    } catch {
      throw StoreError.serverUnreachable(host: url.host, port: url.port, reason: Self.reason(error))
    }
  }

  /// The server's message for an error, on one line.
  static func reason(_ error: any Error) -> String {
    if let error = error as? PSQLError {
      if let message = error.serverInfo?[.message] { return message }
      if let underlying = error.underlying { return "\(underlying)" }
      return "\(error.code)"
    }
    return "\(error)".replacingOccurrences(of: "\n", with: " ")
  }

  /// Whether `error` says the session is gone (SQLSTATE class 57P or 08).
  ///
  /// The server ended it (`pg_terminate_backend`, a restart) or the connection failed; the
  /// client may see such an error before the connection reports itself closed.
  static func isLostConnection(_ error: any Error) -> Bool {
    guard let state = sqlState(error) else { return false }
    return state.hasPrefix("57P") || state.hasPrefix("08")
  }

  /// The SQLSTATE of a server error, if it is one.
  static func sqlState(_ error: any Error) -> String? {
    (error as? PSQLError)?.serverInfo?[.sqlState]
  }

  /// Runs one statement on `connection` and returns its rows.
  @discardableResult
  func run(_ query: PostgresQuery, on connection: PostgresConnection) throws
    -> PostgresQueryResult
  {
    try connection.query(query, logger: logger).wait()
  }

  /// Runs `body` in one transaction on the connection, committed before it returns.
  ///
  /// A connection lost before the commit was sent rolled the transaction back on the
  /// server, so `body` is run once more on a new connection. A connection lost while the
  /// commit was under way leaves it unknown whether the change was saved: the transaction
  /// is run again only when it is `idempotent` (it recognises its own earlier commit, as a
  /// keyed answer does); otherwise the change is reported as perhaps not saved. Either way
  /// nothing is dropped silently.
  func transaction<T>(idempotent: Bool = false, _ body: (PostgresConnection) throws -> T)
    throws(StoreError) -> T
  {
    lock.lock()
    defer { lock.unlock() }
    var retried = false
    while true {
      let connection: PostgresConnection
      do {
        connection = try connected()
      } catch {
        guard retried else { throw error }
        throw StoreError.server(
          location: location,
          message:
            "the connection was lost and could not be made again, so the last change was not saved (\(error))"
        )
      }
      var committing = false
      do {
        try run("BEGIN", on: connection)
        do {
          let result = try body(connection)
          committing = true
          try run("COMMIT", on: connection)
          if idempotent, faultsAfterCommit > 0 {
            faultsAfterCommit -= 1
            throw InjectedConnectionLoss()
          }
          return result
        } catch {
          if !committing, !connection.isClosed, !Self.isLostConnection(error) {
            _ = try? run("ROLLBACK", on: connection)
          }
          throw error
        }
      } catch let error as StoreError {
        throw error
      } catch {
        if error is InjectedConnectionLoss || connection.isClosed || Self.isLostConnection(error) {
          // Dropped here so that the next try connects again.
          _ = try? connection.close().wait()
          self.connection = nil
          if !retried && (!committing || idempotent) {
            retried = true
            continue
          }
          throw StoreError.server(
            location: location,
            message: committing
              ? "the connection was lost while the last change was being committed, so it may not have been saved (\(Self.reason(error)))"
              : "the connection was lost twice, so the last change was not saved (\(Self.reason(error)))"
          )
        }
        if Self.sqlState(error) == "42501" {
          throw StoreError.server(
            location: location,
            message:
              "permission denied (\(Self.reason(error))); ask the instructor for the grants in docs/class-mode.md"
          )
        }
        throw StoreError.server(location: location, message: Self.reason(error))
      }
    }
  }

  /// How many of the next commits of idempotent transactions (keyed answers) are followed
  /// by a simulated loss of the connection, as when the server's reply to COMMIT never
  /// arrives (for tests).
  var faultsAfterCommit = 0

  /// The error a simulated loss of the connection throws.
  struct InjectedConnectionLoss: Error, CustomStringConvertible {
    var description: String { "the connection was cut after COMMIT (simulated)" }
  }

  private func migrate() throws(StoreError) {
    let known = Self.migrations.map(\.name)
    let applied = try transaction { connection -> [String] in
      let exists =
        try run(
          "SELECT to_regclass('goldilocks_schema') IS NOT NULL",
          on: connection
        ).first?.decode(Bool.self) ?? false
      guard exists else { return [] }
      return try run("SELECT name FROM goldilocks_schema ORDER BY version", on: connection)
        .map { try $0.decode(String.self) }
    }
    let unknown = applied.filter { !known.contains($0) }
    if !unknown.isEmpty {
      throw StoreError.newerSchema(path: location, unknownMigrations: unknown)
    }
    guard applied.count < known.count else { return }
    try transaction { connection in
      // One migrator at a time: the others wait here, then find the schema in place.
      try run("SELECT pg_advisory_xact_lock(1198484580)", on: connection)
      try run(
        """
        CREATE TABLE IF NOT EXISTS goldilocks_schema (version integer PRIMARY KEY,
          name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())
        """,
        on: connection
      )
      let done = Set(
        try run("SELECT name FROM goldilocks_schema", on: connection).map {
          try $0.decode(String.self)
        }
      )
      for (index, migration) in Self.migrations.enumerated() where !done.contains(migration.name) {
        for statement in migration.sql {
          try run(PostgresQuery(unsafeSQL: statement), on: connection)
        }
        try run(
          "INSERT INTO goldilocks_schema (version, name) VALUES (\(index + 1), \(migration.name))",
          on: connection
        )
      }
    }
  }

  /// Dates at millisecond precision, as the SQLite store keeps them, so that records
  /// move between the two without changing.
  static func ms(_ date: Date) -> Date {
    Date(timeIntervalSince1970: (date.timeIntervalSince1970 * 1000).rounded() / 1000)
  }

  static func ms(_ date: Date?) -> Date? { date.map(ms) }

  public func appliedMigrations() throws(StoreError) -> [String] {
    try transaction { connection in
      try run("SELECT name FROM goldilocks_schema ORDER BY version", on: connection).map {
        try $0.decode(String.self)
      }
    }
  }
}
