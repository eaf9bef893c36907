import Engine
import Foundation
import Testing

@Suite("GradientBoostedTrees")
struct GradientBoostedTreesTests {
  static func iris() throws -> (x: FeatureMatrix, y: [Int]) {
    let table = ClassicalFixtures.linear.table("iris")
    return (
      try FeatureMatrix(
        rows: table.nSamples,
        columns: table.nFeatures,
        values: table.x.map(Float.init)
      ),
      table.y
    )
  }

  @Test func multiclassSoftmaxGrowsOneTreePerClassPerRound() throws {
    let (x, y) = try Self.iris()
    let model = try GradientBoostedTrees(
      classifying: x,
      labels: y,
      parameters: GradientBoostedTrees.Parameters(rounds: 20)
    )
    #expect(model.loss == .multinomialLogLoss)
    #expect(model.trees.count == 60)
    #expect(model.rounds == 20)
    #expect(model.trees.allSatisfy { $0.depth <= 3 })
    let accuracy = ClassicalFixtures.accuracy(try model.predictClasses(x), y)
    #expect(accuracy > 0.97)
    let p = try model.predictProbabilities(Array(x.row(0)))
    #expect(abs(p.reduce(0, +) - 1) < 1e-5)
    let back = try GradientBoostedTrees(serialized: model.serialized())
    #expect(back.serialized() == model.serialized())
    #expect(model.serializedByteCount == model.serialized().count)
    #expect(try back.predictClasses(x) == model.predictClasses(x))
  }

  @Test func binaryLogLossOnDigitsZeroVersusRest() throws {
    let split = try ClassicalFixtures.digitsSplit()
    let labels = split.trainY.map { $0 == 0 ? 1 : 0 }
    let model = try GradientBoostedTrees(
      classifying: split.trainX,
      labels: labels,
      parameters: GradientBoostedTrees.Parameters(rounds: 30)
    )
    #expect(model.loss == .binaryLogLoss)
    #expect(model.treesPerRound == 1)
    let truth = split.testY.map { $0 == 0 ? 1 : 0 }
    #expect(ClassicalFixtures.accuracy(try model.predictClasses(split.testX), truth) > 0.97)
    let row = Array(split.testX.row(5))
    let back = try GradientBoostedTrees(serialized: model.serialized())
    #expect(try back.predictProbabilities(row) == model.predictProbabilities(row))
  }

  @Test func squaredErrorRegressionReducesError() throws {
    let diabetes = ClassicalFixtures.linear.diabetes
    let x = try FeatureMatrix(
      rows: diabetes.nSamples,
      columns: diabetes.nFeatures,
      values: diabetes.x.map(Float.init)
    )
    let y = diabetes.y.map(Float.init)
    let mean = y.reduce(0, +) / Float(y.count)
    let baseline = y.reduce(Float(0)) { $0 + ($1 - mean) * ($1 - mean) }
    let model = try GradientBoostedTrees(
      regressing: x,
      targets: y,
      parameters: GradientBoostedTrees.Parameters(rounds: 50)
    )
    let predictions = try model.predictValues(x)
    let error = zip(predictions, y).reduce(Float(0)) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
    #expect(error < 0.5 * baseline)
    #expect(model.initialScores == [mean] || abs(model.initialScores[0] - mean) < 1e-3)
    let bytes = model.serialized()
    for length in stride(from: 0, to: bytes.count, by: 5) {
      #expect(throws: ClassicalModelError.self) {
        try GradientBoostedTrees(serialized: Array(bytes[0..<length]))
      }
    }
    #expect(try GradientBoostedTrees(serialized: bytes).predictValues(x) == predictions)
  }

  @Test func rejectsBadParameters() throws {
    let (x, y) = try Self.iris()
    #expect(throws: ClassicalModelError.self) {
      try GradientBoostedTrees(
        classifying: x,
        labels: y,
        parameters: GradientBoostedTrees.Parameters(rounds: 0)
      )
    }
    #expect(throws: ClassicalModelError.self) {
      try GradientBoostedTrees(classifying: x, labels: [Int](repeating: 1, count: x.rows))
    }
  }
}
