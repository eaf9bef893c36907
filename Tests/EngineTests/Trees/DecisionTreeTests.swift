import Engine
import Foundation
import Testing

@Suite("DecisionTree")
struct DecisionTreeTests {
  /// Four points of XOR: no single split helps, so a full tree needs depth 2.
  static let xor = try! FeatureMatrix(rows: [[0, 0], [0, 1], [1, 0], [1, 1]])

  @Test(arguments: [TreeParameters.SplitCriterion.gini, .entropy])
  func learnsXor(criterion: TreeParameters.SplitCriterion) throws {
    let tree = try DecisionTree(
      classifying: Self.xor,
      labels: [0, 1, 1, 0],
      parameters: TreeParameters(criterion: criterion)
    )
    #expect(try tree.predictClasses(Self.xor) == [0, 1, 1, 0])
    #expect(tree.nodeCount == 7)
    #expect(tree.leafCount == 4)
    #expect(tree.depth == 2)
  }

  @Test func depthCapLimitsNodes() throws {
    let split = try ClassicalFixtures.digitsSplit()
    for depth in [1, 2, 4, 6] {
      let tree = try DecisionTree(
        classifying: split.trainX,
        labels: split.trainY,
        parameters: TreeParameters(maxDepth: depth)
      )
      #expect(tree.depth <= depth)
      #expect(tree.leafCount <= 1 << depth)
      #expect(tree.nodeCount == 2 * tree.leafCount - 1)
    }
  }

  @Test func minSamplesLeafHolds() throws {
    let split = try ClassicalFixtures.digitsSplit()
    let tree = try DecisionTree(
      classifying: split.trainX,
      labels: split.trainY,
      parameters: TreeParameters(minSamplesLeaf: 20)
    )
    #expect(tree.leafCount <= split.trainX.rows / 20)
    // Impure leaves keep their probabilities through the byte round trip.
    let back = try DecisionTree(serialized: tree.serialized())
    for r in 0..<50 {
      let row = Array(split.testX.row(r))
      #expect(try back.predictProbabilities(row) == tree.predictProbabilities(row))
    }
  }

  @Test func digitsAccuracyMatchesScikitLearnBallpark() throws {
    let split = try ClassicalFixtures.digitsSplit()
    let tree = try DecisionTree(classifying: split.trainX, labels: split.trainY)
    let accuracy = ClassicalFixtures.accuracy(try tree.predictClasses(split.testX), split.testY)
    let reference = ClassicalFixtures.forest.tree
    #expect(abs(accuracy - reference.accuracy) < 0.06, "ours \(accuracy) vs \(reference.accuracy)")
    #expect(abs(tree.nodeCount - reference.nodeCount) < reference.nodeCount / 5)
    // Leaves of a fully grown tree are pure, so each costs 3 bytes and a split 10.
    #expect(tree.serializedByteCount == tree.serialized().count)
    #expect(tree.serialized().count * 10 < reference.joblibBytes)
    let importance = tree.featureImportances.reduce(0, +)
    #expect(abs(importance - 1) < 1e-9)
  }

  @Test func regressionFitsAStep() throws {
    let x = try FeatureMatrix(rows: 8, columns: 1, values: (0..<8).map(Float.init))
    let y: [Float] = [1, 1, 1, 1, 5, 5, 5, 5]
    let stump = try DecisionTree(
      regressing: x,
      targets: y,
      parameters: TreeParameters(criterion: .squaredError, maxDepth: 1)
    )
    #expect(stump.nodeCount == 3)
    #expect(try stump.predictValues(x) == y)
    #expect(try stump.predictValue([3.4]) == 1)
    let back = try DecisionTree(serialized: stump.serialized())
    #expect(back.serialized() == stump.serialized())
    #expect(stump.serialized().count == 12 + 4 + 10 + 6 + 6)
  }

  @Test func typedErrorsForMisuse() throws {
    #expect(throws: ClassicalModelError.labelCountMismatch(rows: 4, labels: 3)) {
      try DecisionTree(classifying: Self.xor, labels: [0, 1, 1])
    }
    let tree = try DecisionTree(classifying: Self.xor, labels: [0, 1, 1, 0])
    #expect(throws: ClassicalModelError.featureCountMismatch(expected: 2, actual: 3)) {
      try tree.predictClass([0, 1, 2])
    }
    #expect(throws: ClassicalModelError.self) { try tree.predictValue([0, 1]) }
    #expect(throws: ClassicalModelError.self) {
      try DecisionTree(regressing: Self.xor, targets: [0, 1, 1, 0], parameters: TreeParameters())
    }
  }

  /// Every prefix and many single-byte mutations must give a tree or a typed error, never a
  /// crash; a decoded mutant must still predict without trapping.
  @Test func malformedBytesNeverCrash() throws {
    let split = try ClassicalFixtures.digitsSplit()
    let tree = try DecisionTree(
      classifying: split.trainX,
      labels: split.trainY,
      parameters: TreeParameters(maxDepth: 5)
    )
    let bytes = tree.serialized()
    for length in 0..<bytes.count {
      #expect(throws: ClassicalModelError.self) {
        try DecisionTree(serialized: Array(bytes[0..<length]))
      }
    }
    #expect(throws: ClassicalModelError.self) { try DecisionTree(serialized: bytes + [0]) }
    var rng = SeededGenerator(seed: 7)
    let probe = Array(split.testX.row(0))
    for _ in 0..<3_000 {
      var mutant = bytes
      for _ in 0..<(1 + Int(rng.next() % 3)) {
        mutant[Int(rng.next() % UInt64(mutant.count))] = UInt8(truncatingIfNeeded: rng.next())
      }
      if let decoded = try? DecisionTree(serialized: mutant) {
        let row =
          Array(probe.prefix(decoded.featureCount))
          + [Float](repeating: 3, count: max(0, decoded.featureCount - probe.count))
        _ = try decoded.predictProbabilities(row)
      }
    }
  }

  /// A fully grown tree keeps splitting until its leaves are pure, so noisier and larger
  /// training sets give more nodes: model size grows with data size.
  @Test func nodeCountGrowsWithTrainingRows() throws {
    var rng = SeededGenerator(seed: 42)
    var counts: [Int] = []
    for rows in [250, 1_000, 4_000] {
      var values: [Float] = []
      var labels: [Int] = []
      for _ in 0..<rows {
        let a = Float(rng.next() % 10_000) / 10_000
        let b = Float(rng.next() % 10_000) / 10_000
        values += [a, b]
        let noisy = rng.next() % 10 == 0
        labels.append((a + b > 1) != noisy ? 1 : 0)
      }
      let x = try FeatureMatrix(rows: rows, columns: 2, values: values)
      let tree = try DecisionTree(classifying: x, labels: labels)
      counts.append(tree.nodeCount)
    }
    #expect(counts[0] < counts[1] && counts[1] < counts[2], "\(counts)")
    #expect(Double(counts[2]) > 8 * Double(counts[0]))
  }
}
