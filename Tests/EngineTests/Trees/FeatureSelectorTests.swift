import Engine
import Foundation
import Testing

@Suite("FeatureSelector")
struct FeatureSelectorTests {
  static func data(_ name: String) throws -> (values: [Double], rows: Int, columns: Int, y: [Int]) {
    if name == "digits" {
      let f = ClassicalFixtures.forest
      return (f.x.map(Double.init), f.nSamples, f.nFeatures, f.y)
    }
    let table = ClassicalFixtures.linear.table(name)
    return (table.x, table.nSamples, table.nFeatures, table.y)
  }

  @Test(arguments: ["iris", "digits", "breast_cancer"])
  func fClassifMatchesScikitLearn(dataset: String) throws {
    let reference = try #require(
      ClassicalFixtures.fClassif.datasets.first { $0.dataset == dataset }
    )
    let d = try Self.data(dataset)
    let result = try FeatureSelector.fClassif(
      values: d.values,
      rows: d.rows,
      columns: d.columns,
      labels: d.y
    )
    for (index, expected) in reference.fScores.enumerated() {
      let ours = result.scores[index]
      if let expected {
        #expect(abs(ours - expected) <= 1e-9 * abs(expected), "F[\(index)] \(ours) vs \(expected)")
      } else {
        #expect(ours.isNaN, "F[\(index)] should be NaN")
      }
    }
    for (index, expected) in reference.pValues.enumerated() {
      let ours = result.pValues[index]
      if let expected {
        #expect(
          abs(ours - expected) <= 1e-9 * abs(expected) + 1e-300,
          "p[\(index)] \(ours) vs \(expected)"
        )
      } else {
        #expect(ours.isNaN)
      }
    }
    for (key, expected) in reference.selectKBest {
      let k = try #require(Int(key))
      #expect(try FeatureSelector.selectKBest(scores: result.scores, k: k) == expected, "k = \(k)")
    }
  }

  @Test func tiesKeepTheHigherIndexAndNaNRanksLowest() throws {
    let scores: [Double] = [3, .nan, 3, 1, 3]
    #expect(try FeatureSelector.selectKBest(scores: scores, k: 1) == [4])
    #expect(try FeatureSelector.selectKBest(scores: scores, k: 2) == [2, 4])
    #expect(try FeatureSelector.selectKBest(scores: scores, k: 4) == [0, 2, 3, 4])
    #expect(throws: ClassicalModelError.self) {
      try FeatureSelector.selectKBest(scores: scores, k: 6)
    }
  }

  @Test func survivalFunctionKnownValues() {
    // F(1, 1): P(F > 1) = 0.5; F(2, d2): P(F > f) = (1 + 2f/d2)^(-d2/2).
    #expect(abs(FDistribution.survival(1, d1: 1, d2: 1) - 0.5) < 1e-14)
    let exact = pow(1 + 2 * 3.0 / 10, -5.0)
    #expect(abs(FDistribution.survival(3, d1: 2, d2: 10) - exact) < 1e-14)
  }

  @Test func rfeWithLinearCoefficientsFindsTheInformativeFeatures() throws {
    var rng = SeededGenerator(seed: 11)
    var values: [Float] = []
    var targets: [Float] = []
    for _ in 0..<200 {
      let row = (0..<6).map { _ in Float(rng.next() % 2_000) / 1_000 - 1 }
      values += row
      targets.append(3 * row[1] - 2 * row[4] + 0.5 * row[2])
    }
    let x = try FeatureMatrix(rows: 200, columns: 6, values: values)
    let result = try FeatureSelector.recursiveElimination(
      x,
      targets: targets,
      keep: 2,
      estimator: .linearRegression(.none)
    )
    #expect(result.selected == [1, 4])
    #expect(result.ranking[1] == 1 && result.ranking[4] == 1)
    #expect(result.ranking[2] == 2)
    #expect(Set(result.ranking) == [1, 2, 3, 4, 5])
  }

  @Test func rfeWithTreeImportancesOnDigits() throws {
    let split = try ClassicalFixtures.digitsSplit()
    let result = try FeatureSelector.recursiveElimination(
      split.trainX,
      labels: split.trainY,
      keep: 16,
      step: 8,
      estimator: .decisionTree(TreeParameters(maxDepth: 8))
    )
    #expect(result.selected.count == 16)
    let kept = split.trainX.selectingColumns(result.selected)
    let tree = try DecisionTree(classifying: kept, labels: split.trainY)
    let accuracy = ClassicalFixtures.accuracy(
      try tree.predictClasses(split.testX.selectingColumns(result.selected)),
      split.testY
    )
    #expect(accuracy > 0.75)
    #expect(throws: ClassicalModelError.self) {
      try FeatureSelector.recursiveElimination(
        split.trainX,
        labels: split.trainY,
        keep: 4,
        estimator: .linearRegression(.none)
      )
    }
  }
}
