import Foundation
import PostgresNIO
import ProgressStore
import Testing

@testable import PostgresProgressStore

/// `?sslmode=require` encrypts the connection; without it the connection is plain.
@Suite struct PostgresTLSTests {
  static let postgresURL = ProcessInfo.processInfo.environment["GOLDILOCKS_TEST_POSTGRES_URL"]
    .flatMap { $0.isEmpty ? nil : $0 }
  /// Set by `.ci/run` when its test server has a (self-signed) certificate.
  static let serverHasTLS =
    ProcessInfo.processInfo.environment["GOLDILOCKS_TEST_POSTGRES_TLS"] == "1"

  /// Whether the store's session is encrypted, as the server sees it.
  static func isEncrypted(_ mode: String) throws -> Bool {
    let base = try #require(postgresURL)
    let schema = "tls_" + UUID().uuidString.prefix(8).lowercased()
    let store = try PostgresProgressStore(
      url: base + (base.contains("?") ? "&" : "?") + "sslmode=\(mode)&schema=\(schema)",
      environment: ProcessInfo.processInfo.environment
    )
    defer { try? store.dropSchema() }
    return try store.transaction { connection in
      try store.run(
        "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
        on: connection
      ).first?.decode(Bool.self) ?? false
    }
  }

  @Test(
    .enabled(
      if: postgresURL != nil && serverHasTLS,
      "TLS not tested: needs GOLDILOCKS_TEST_POSTGRES_URL and GOLDILOCKS_TEST_POSTGRES_TLS=1 (a server with ssl=on; .ci/run sets one up when openssl is installed)"
    )
  )
  func sslmodeRequireEncryptsAndDisableDoesNot() throws {
    #expect(try Self.isEncrypted("require"))
    #expect(try Self.isEncrypted("prefer"))
    #expect(try !Self.isEncrypted("disable"))
    // The test server's certificate is self-signed: verify-full must refuse it.
    #expect(throws: StoreError.self) { try Self.isEncrypted("verify-full") }
  }
}
