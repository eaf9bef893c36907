import Engine
import Foundation
import Testing

/// `tfmot_schedules.json` (Tools/reference/tfmot_schedules.py).
private struct ScheduleFixture: Decodable {
  struct Params: Decodable {
    let initial: Double?
    let final: Double?
    let target: Double?
    let begin: Int
    let end: Int
    let power: Double?
    let frequency: Int
  }
  struct Point: Decodable {
    let step: Int
    let sparsity: Double
    let prune: Bool
  }
  struct Schedule: Decodable {
    let schedule: String
    let params: Params
    let points: [Point]
  }
  let schedules: [Schedule]
}

@Suite("Pruning")
struct PruningTests {
  @Test("PolynomialDecay and ConstantSparsity match every tfmot 0.8.1 point bit for bit")
  func schedules() throws {
    let url = try #require(
      Bundle.module.url(
        forResource: "tfmot_schedules",
        withExtension: "json",
        subdirectory: "Fixtures"
      )
    )
    let fixture = try JSONDecoder().decode(ScheduleFixture.self, from: Data(contentsOf: url))
    #expect(fixture.schedules.count == 17)
    var points = 0
    var polynomialPoints = 0
    for item in fixture.schedules {
      let p = item.params
      let schedule: any PruningSchedule
      if item.schedule == "polynomial" {
        schedule = try PolynomialDecay(
          initialSparsity: try #require(p.initial),
          finalSparsity: try #require(p.final),
          beginStep: p.begin,
          endStep: p.end,
          power: try #require(p.power),
          frequency: p.frequency
        )
        polynomialPoints += item.points.count
      } else {
        schedule = try ConstantSparsity(
          targetSparsity: try #require(p.target),
          beginStep: p.begin,
          endStep: p.end,
          frequency: p.frequency
        )
      }
      for point in item.points {
        #expect(
          Double(schedule.sparsity(at: point.step)) == point.sparsity,
          "\(p) step \(point.step)"
        )
        #expect(schedule.shouldPrune(at: point.step) == point.prune, "\(p) step \(point.step)")
        points += 1
      }
    }
    #expect(points == 363)
    #expect(polynomialPoints == 207)
  }

  @Test("schedules reject what TF-MOT rejects")
  func validation() {
    #expect(throws: CompressionError.self) {
      _ = try PolynomialDecay(initialSparsity: 0, finalSparsity: 0.5, beginStep: 0, endStep: -1)
    }
    #expect(throws: CompressionError.self) {
      _ = try ConstantSparsity(targetSparsity: 1, beginStep: 0)
    }
    #expect(throws: CompressionError.self) {
      _ = try ConstantSparsity(targetSparsity: 0.5, beginStep: 10, endStep: 5)
    }
    #expect(throws: CompressionError.self) {
      _ = try ConstantSparsity(targetSparsity: 0.5, beginStep: 0, frequency: 0)
    }
  }

  @Test("magnitude masks follow TF-MOT's k = max(round(n·(1−s)), 1) and keep ties")
  func magnitudeMask() throws {
    let weights: [Float] = [0.1, -0.5, 0.3, -0.2, 0.05, 0.4, -0.3, 0.0, 0.6, -0.01]
    let mask = try SparsityMask(magnitudesOf: weights, sparsity: 0.5)
    #expect(mask.keptCount == 5)
    #expect(mask.threshold == 0.3)
    #expect(mask.isKept == [false, true, true, false, false, true, true, false, true, false])
    // k = round(10·0.25) = round(2.5) = 2 (half to even), threshold 0.5.
    #expect(try SparsityMask(magnitudesOf: weights, sparsity: 0.75).keptCount == 2)
    // Ties at the threshold are all kept.
    let ties: [Float] = [1, -1, 1, 1, 0.5, 2]
    #expect(try SparsityMask(magnitudesOf: ties, sparsity: 0.5).keptCount == 5)
    // At least one weight survives.
    #expect(try SparsityMask(magnitudesOf: [0.1, 0.2, 0.3], sparsity: 0.99).keptCount == 1)
    #expect(try mask.apply(to: weights) == [0, -0.5, 0.3, 0, 0, 0.4, -0.3, 0, 0.6, 0])
    #expect(SparsityMask.keepCount(size: 5, sparsity: 0.5) == 2)
  }

  @Test("a global mask uses one threshold across layers")
  func globalMask() throws {
    let small: [Float] = [0.01, -0.02, 0.03, 0.04]
    let large: [Float] = [1, -2, 3, 4]
    let masks = try SparsityMask.global(magnitudesOf: [small, large], sparsity: 0.5)
    #expect(masks[0].keptCount == 0)
    #expect(masks[1].keptCount == 4)
    #expect(masks[0].threshold == 1)
  }

  @Test("structured selection keeps the channels with the largest norms")
  func structured() throws {
    // [in = 3, out = 4]; column norms L1: 0.6, 6, 0.3, 3.
    let weights: [Float] = [0.2, 2, 0.1, -1, -0.2, 2, 0.1, 1, 0.2, -2, 0.1, 1]
    let norms = try StructuredSelection.channelNorms(weights: weights, shape: [3, 4], norm: .l1)
    #expect(zip(norms, [0.6, 6, 0.3, 3] as [Float]).allSatisfy { abs($0 - $1) < 1e-6 })
    #expect(
      try StructuredSelection.keptChannels(
        weights: weights,
        shape: [3, 4],
        norm: .l2,
        keepCount: 2
      )
        == [1, 3]
    )
    #expect(
      try StructuredSelection.keptChannels(
        weights: weights,
        shape: [3, 4],
        norm: .l1,
        sparsity: 0.25
      )
        == [0, 1, 3]
    )
  }

  @Test("CSR and bitmask storage round-trip with exact byte counts")
  func sparseStorage() throws {
    var state: UInt64 = 5
    let (rows, columns) = (13, 21)
    let dense = (0..<(rows * columns)).map { _ -> Float in
      let value = randomFloat(&state)
      return abs(value) < 0.7 ? 0 : value
    }
    let nonzeros = dense.filter { $0 != 0 }.count
    let csr = try CSRMatrix(dense: dense, rows: rows, columns: columns)
    #expect(csr.byteCount == 8 * nonzeros + 4 * (rows + 1))
    #expect(csr.densified() == dense)
    let bytes = csr.encoded()
    #expect(bytes.count == csr.byteCount)
    #expect(try CSRMatrix(encoded: bytes, rows: rows, columns: columns) == csr)
    let bitmask = BitmaskSparseTensor(dense: dense)
    #expect(bitmask.byteCount == (dense.count + 7) / 8 + 4 * nonzeros)
    #expect(bitmask.densified() == dense)
    let encoded = bitmask.encoded()
    #expect(encoded.count == bitmask.byteCount)
    #expect(try BitmaskSparseTensor(encoded: encoded, count: dense.count) == bitmask)
    #expect(throws: CompressionError.self) {
      _ = try BitmaskSparseTensor(encoded: Array(encoded.dropLast()), count: dense.count)
    }
  }
}
