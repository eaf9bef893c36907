import Engine
import Foundation
import Testing

@Suite("LinearModels")
struct LinearModelTests {
  static let diabetes = ClassicalFixtures.linear.diabetes

  static func fit(_ penalty: LinearPenalty) throws -> LinearRegression {
    try LinearRegression(
      fitting: diabetes.x,
      rows: diabetes.nSamples,
      columns: diabetes.nFeatures,
      targets: diabetes.y,
      penalty: penalty,
      tolerance: 1e-12,
      maxIterations: 100_000
    )
  }

  static func expectClose(_ model: LinearRegression, _ reference: ClassicalFixtures.Fit) {
    for (ours, theirs) in zip(model.weights, reference.coef) {
      #expect(abs(Double(ours) - theirs) <= 1e-3 * max(1, abs(theirs)), "\(ours) vs \(theirs)")
    }
    #expect(abs(Double(model.intercept) - reference.intercept) < 1e-2)
  }

  @Test func ordinaryLeastSquaresMatchesScikitLearn() throws {
    Self.expectClose(try Self.fit(.none), Self.diabetes.ols)
  }

  @Test func ridgeMatchesScikitLearn() throws {
    Self.expectClose(try Self.fit(.l2(1)), Self.diabetes.ridgeAlpha1)
  }

  @Test(arguments: [0.1, 1.0])
  func lassoMatchesScikitLearnAndZerosTheSameWeights(alpha: Double) throws {
    let reference = alpha == 0.1 ? Self.diabetes.lassoAlpha01 : Self.diabetes.lassoAlpha1
    let model = try Self.fit(.l1(alpha))
    Self.expectClose(model, reference)
    #expect(model.zeroWeightCount == reference.zeros)
    for (ours, theirs) in zip(model.weights, reference.coef) {
      #expect((ours == 0) == (theirs == 0))
    }
  }

  @Test func sparseEncodingStoresOnlyNonzeros() throws {
    let model = try Self.fit(.l1(1))
    let dense = model.serialized(.dense)
    let sparse = model.serialized(.sparse)
    #expect(dense.count == model.serializedByteCount(.dense))
    #expect(sparse.count == model.serializedByteCount(.sparse))
    #expect(dense.count == 14 + 1 + 4 + 4 * 10)
    #expect(sparse.count == 14 + 1 + 8 + 2 + 4 * (10 - model.zeroWeightCount))
    for bytes in [dense, sparse] {
      let back = try LinearRegression(serialized: bytes)
      #expect(back.weights == model.weights)
      #expect(back.intercept == model.intercept)
      #expect(back.penalty == .l1(1))
    }
    for length in 0..<sparse.count {
      #expect(throws: ClassicalModelError.self) {
        try LinearRegression(serialized: Array(sparse[0..<length]))
      }
    }
    var flipped = sparse
    flipped[14 + 1 + 8] ^= 0x01  // mark one more (or one fewer) weight in the mask
    #expect(throws: ClassicalModelError.self) { try LinearRegression(serialized: flipped) }
  }

  /// Breast cancer standardised, so the logistic solver converges quickly.
  static func breastCancer() throws -> (x: FeatureMatrix, y: [Int]) {
    let table = ClassicalFixtures.linear.table("breast_cancer")
    let n = table.nSamples
    let f = table.nFeatures
    var values = [Float](repeating: 0, count: n * f)
    for c in 0..<f {
      let column = (0..<n).map { table.x[$0 * f + c] }
      let mean = column.reduce(0, +) / Double(n)
      let sd = (column.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n)).squareRoot()
      for r in 0..<n { values[r * f + c] = Float((column[r] - mean) / sd) }
    }
    return (try FeatureMatrix(rows: n, columns: f, values: values), table.y)
  }

  @Test func logisticL1ZeroesWeightsAndStillClassifies() throws {
    let (x, y) = try Self.breastCancer()
    let l2 = try LogisticRegression(fitting: x, labels: y, penalty: .l2(0.01), maxIterations: 300)
    let l1 = try LogisticRegression(fitting: x, labels: y, penalty: .l1(0.02), maxIterations: 300)
    #expect(l2.outputCount == 1)
    #expect(l2.zeroWeightCount == 0)
    #expect(l1.zeroWeightCount >= 15, "\(l1.zeroWeightCount) zeros")
    #expect(ClassicalFixtures.accuracy(try l2.predictClasses(x), y) > 0.95)
    #expect(ClassicalFixtures.accuracy(try l1.predictClasses(x), y) > 0.93)
    #expect(l1.serializedByteCount(.sparse) < l1.serializedByteCount(.dense))
    let back = try LogisticRegression(serialized: l1.serialized(.sparse))
    #expect(back.weights == l1.weights)
    #expect(try back.predictClasses(x) == l1.predictClasses(x))
  }

  @Test func multinomialOnIris() throws {
    let table = ClassicalFixtures.linear.table("iris")
    let x = try FeatureMatrix(rows: 150, columns: 4, values: table.x.map(Float.init))
    let model = try LogisticRegression(
      fitting: x,
      labels: table.y,
      penalty: .l2(1e-3),
      maxIterations: 500
    )
    #expect(model.outputCount == 3)
    #expect(ClassicalFixtures.accuracy(try model.predictClasses(x), table.y) > 0.95)
    let p = try model.predictProbabilities(Array(x.row(0)))
    #expect(abs(p.reduce(0, +) - 1) < 1e-5)
    let back = try LogisticRegression(serialized: model.serialized())
    #expect(back.serialized() == model.serialized())
  }

  /// At the lasso optimum every zero weight's gradient is within α, every other equals ±α.
  @Test func lassoSatisfiesOptimalityConditions() throws {
    let d = Self.diabetes
    let alpha = 0.5
    let model = try Self.fit(.l1(alpha))
    let n = d.nSamples
    let f = d.nFeatures
    var residual = [Double](repeating: 0, count: n)
    for r in 0..<n {
      var p = Double(model.intercept)
      for c in 0..<f { p += Double(model.weights[c]) * d.x[r * f + c] }
      residual[r] = d.y[r] - p
    }
    for c in 0..<f {
      var g = 0.0
      for r in 0..<n { g += d.x[r * f + c] * residual[r] }
      g /= Double(n)
      if model.weights[c] == 0 {
        #expect(abs(g) <= alpha + 1e-3)
      } else {
        #expect(abs(g - alpha * (model.weights[c] > 0 ? 1 : -1)) < 1e-2)
      }
    }
  }
}
