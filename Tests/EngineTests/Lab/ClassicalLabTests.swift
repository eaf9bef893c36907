import Engine
import Foundation
import Lab
import Testing

/// The classical adapter and measurer: flattening, stored-number counts, file sizes read
/// back from disk, scores, and the studies built on them.
@Suite struct ClassicalLabTests {
  /// Four one-feature rows that a stump separates at 1.5.
  static func stumpData() throws -> ClassicalData {
    try ClassicalData(
      name: "stump",
      task: .classification,
      trainX: FeatureMatrix(rows: 4, columns: 1, values: [0, 1, 2, 3]),
      trainTargets: [0, 0, 1, 1],
      testX: FeatureMatrix(rows: 2, columns: 1, values: [0.5, 2.5]),
      testTargets: [0, 1]
    )
  }

  @Test func imagesAreFlattenedChannelsLast() throws {
    let dataset = try Dataset(
      name: "tiny",
      summary: "",
      featureShape: [2, 2, 1],
      classes: 2,
      classNames: ["a", "b"],
      features: (0..<40).map(Float.init),
      targets: (0..<10).map { Float($0 % 2) },
      testFraction: 0.2,
      seed: 1
    )
    let data = try ClassicalData(dataset)
    #expect(data.trainX.columns == 4)
    #expect(data.trainX.rows == dataset.trainCount)
    #expect(data.testX.rows == dataset.testCount)
    #expect(data.trainX.values == dataset.train.features.scalars)
    #expect(data.trainLabels == dataset.train.targets.map { Int($0) })
  }

  @Test func aStumpStoresThreeNumbersAndItsExactBytes() throws {
    let data = try Self.stumpData()
    let trained = try ClassicalLab.trainTree(data, parameters: TreeParameters())
    let result = try ClassicalLab.measure(trained.model, on: data, trainSeconds: 0, latencyRuns: 5)
    // Root threshold 1.5 plus two pure leaves.
    #expect(result.measured.params == 3)
    #expect(result.measured.nonzeroParams == 3)
    #expect(result.nodes == 3)
    // 12-byte header, 2 labels, node count, one split (10 B) and two pure leaves (3 B each).
    #expect(result.measured.sizeBytes == 12 + 8 + 4 + 10 + 3 + 3)
    #expect(result.measured.sizeBytes == trained.model.serialized().count)
    #expect(result.measured.accuracy == 1)
    #expect(result.roundTripVerified)
  }

  @Test func linearParametersAreWeightsPlusIntercept() throws {
    let x = try FeatureMatrix(rows: 6, columns: 2, values: [0, 1, 1, 0, 2, 1, 1, 2, 3, 0, 0, 3])
    let targets: [Float] = (0..<6).map { 2 * x[$0, 0] - x[$0, 1] + 1 }
    let data = try ClassicalData(
      name: "line",
      task: .regression,
      trainX: x,
      trainTargets: targets,
      testX: x,
      testTargets: targets
    )
    let trained = try ClassicalLab.trainLinear(data, penalty: .none)
    let result = try ClassicalLab.measure(trained.model, on: data, trainSeconds: 0, latencyRuns: 5)
    #expect(result.measured.params == 3)
    #expect(abs(result.measured.accuracy - 1) < 1e-6)
    #expect(result.denseSizeBytes == trained.model.serialized(.dense).count)
    #expect(result.sparseSizeBytes == trained.model.serialized(.sparse).count)
    #expect(result.metric == "r2")
  }

  @Test func forestHookReturnsTheMeasuredFigures() throws {
    let dataset = try DatasetCatalog.blobs(rows: 300, seed: 2)
    let data = try ClassicalData(dataset)
    let result = try ClassicalLab.measureForest(
      on: data,
      parameters: RandomForest.Parameters(treeCount: 3, seed: 1),
      latencyRuns: 10
    )
    #expect(result.trees == 3)
    // Blobs with seed 2 overlap (50-tree forests reach about 0.86); three trees on 300 rows
    // land between 0.75 and 0.85 depending on the bootstrap draws, far above chance (1/3).
    #expect(result.measured.accuracy > 0.7)
    #expect(result.measured.latencyMs.p50 > 0)
    #expect(result.measured.sizeBytes > 0)
    #expect(result.bytesPerNode ?? 0 > 0)
  }

  @Test func storeAndReadBackReturnsTheFileSize() throws {
    let data = try Self.stumpData()
    let model = try ClassicalLab.trainTree(data, parameters: TreeParameters()).model
    let stored = try ClassicalLab.storeAndReadBack(model, check: data.testX)
    #expect(stored.size == model.serialized().count)
    #expect(try stored.model.predict(data.testX) == model.predict(data.testX))
  }

  @Test func r2MatchesItsDefinition() {
    #expect(ClassicalLab.score([1, 2, 3], [1, 2, 3], classification: false) == 1)
    #expect(ClassicalLab.score([2, 2, 2], [1, 2, 3], classification: false) == 0)
    #expect(ClassicalLab.score([0, 1, 1, 1], [0, 1, 0, 1], classification: true) == 0.75)
  }

  @Test func measurementEncodesAsOneFlatObject() throws {
    let data = try Self.stumpData()
    let model = try ClassicalLab.trainTree(data, parameters: TreeParameters()).model
    let result = try ClassicalLab.measure(model, on: data, trainSeconds: 0.5, latencyRuns: 5)
    let encoded = try JSONEncoder().encode(result)
    let object = try #require(
      try JSONSerialization.jsonObject(with: encoded) as? [String: Any]
    )
    #expect(object["size_bytes"] as? Int == result.measured.sizeBytes)
    #expect(object["nodes"] as? Int == 3)
    #expect(object["train_seconds"] as? Double == 0.5)
    #expect(object["zero_weights"] == nil)
  }

  @Test func fractionsMustBeSharesOfTheTrainingSplit() throws {
    #expect(try DataSizeStudy.fractions("1,0.01,0.1") == [0.01, 0.1, 1])
    for bad in ["0", "1.5", "-0.1", "x", "", "0.1,,1", "nan"] {
      #expect(throws: EngineError.self) { try DataSizeStudy.fractions(bad) }
    }
  }

  @Test func selectionTableRunsFromAllFeaturesDown() {
    #expect(ClassicalSelection.tableSizes(features: 30, k: 10) == [30, 20, 10, 5])
    #expect(ClassicalSelection.tableSizes(features: 4, k: 4) == [4, 2])
    #expect(ClassicalSelection.tableSizes(features: 4, k: 1) == [4, 2, 1])
  }

  @Test func selectionRejectsAKLargerThanTheFeatures() throws {
    let data = try Self.stumpData()
    #expect(throws: ClassicalModelError.self) {
      try ClassicalSelection.run(data, k: 2, method: .anova)
    }
  }

  @Test func dataSizeGrowsTheTreeButNotTheLinearModel() throws {
    let dataset = try DatasetCatalog.regression(rows: 2_000, seed: 3)
    let data = try ClassicalData(dataset)
    let rows = try DataSizeStudy.run(data, fractions: [0.1, 1], latencyRuns: 5)
    #expect(rows[0].linear.measured.sizeBytes == rows[1].linear.measured.sizeBytes)
    #expect((rows[0].tree.nodes ?? 0) < (rows[1].tree.nodes ?? 0))
    #expect(rows[1].trainRows == data.trainX.rows)
  }
}
