import Foundation
import Testing
import _TestSupport

@Suite struct SweepCompressionTests {
  func rows(_ words: [String]) throws -> [[String: Any]] {
    let result = runCommand(words + ["--json", "--epochs", "2"])
    #expect(result.status == 0, "\(result.err)")
    return try #require(
      try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [[String: Any]]
    )
  }

  @Test func aBitsSweepStoresTheSameModelInFewerBytes() throws {
    let points = try rows([
      "calc", "sweep", "input(64) dense(32,relu) dense(10)", "--vary", "bits=32,16,8", "--dataset",
      "digits",
    ])
    let sizes = points.compactMap { $0["size_bytes"] as? Int }
    #expect(sizes.count == 3)
    #expect(sizes[0] > sizes[1] && sizes[1] > sizes[2])
    #expect(Set(points.compactMap { $0["params"] as? Int }).count == 1)
  }

  @Test func aSparsitySweepCountsNonzeroWeightsAndCompressedBytes() throws {
    let points = try rows([
      "calc", "sweep", "input(64) dense(32,relu) dense(10)", "--vary", "sparsity=0,0.8",
      "--dataset", "digits",
    ])
    let nonzero = points.compactMap { $0["nonzero_params"] as? Int }
    let sizes = points.compactMap { $0["size_bytes"] as? Int }
    #expect(nonzero.count == 2 && sizes.count == 2)
    #expect(nonzero[1] < nonzero[0] / 2)
    #expect(sizes[1] < sizes[0])
  }
}
