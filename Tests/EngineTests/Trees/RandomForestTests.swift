import Dispatch
import Engine
import Foundation
import Testing

@Suite("RandomForest")
struct RandomForestTests {
  /// The digits forest of `forest_reference.json`, trained once for the suite.
  static let digitsForest: RandomForest = {
    let split = try! ClassicalFixtures.digitsSplit()
    return try! RandomForest(classifying: split.trainX, labels: split.trainY)
  }()

  @Test func accuracyWithinTwoPointsOfScikitLearn() throws {
    let split = try ClassicalFixtures.digitsSplit()
    let forest = Self.digitsForest
    let accuracy = ClassicalFixtures.accuracy(try forest.predictClasses(split.testX), split.testY)
    let reference = ClassicalFixtures.forest.forest
    #expect(
      abs(accuracy - reference.accuracy) <= 0.02,
      "ours \(accuracy), sklearn \(reference.accuracy)"
    )
    #expect(forest.trees.count == 100)
  }

  @Test func serializedIsAtMostAQuarterOfJoblib() throws {
    let forest = Self.digitsForest
    let bytes = forest.serialized()
    let reference = ClassicalFixtures.forest.forest
    #expect(bytes.count == forest.serializedByteCount)
    #expect(
      bytes.count * 4 <= reference.joblibBytes,
      "\(bytes.count) vs \(reference.joblibBytes)"
    )
    // Node counts land near scikit-learn's (bootstrap trees, fully grown).
    let ratio = Double(forest.nodeCount) / Double(reference.nodeCount)
    #expect(
      ratio > 0.85 && ratio < 1.15,
      "ours \(forest.nodeCount), sklearn \(reference.nodeCount)"
    )
  }

  @Test func roundTripPredictsTheSame() throws {
    let split = try ClassicalFixtures.digitsSplit()
    let forest = Self.digitsForest
    let back = try RandomForest(serialized: forest.serialized())
    #expect(back.nodeCount == forest.nodeCount)
    #expect(back.serialized() == forest.serialized())
    #expect(try back.predictClasses(split.testX) == forest.predictClasses(split.testX))
    let row = Array(split.testX.row(3))
    #expect(try back.predictProbabilities(row) == forest.predictProbabilities(row))
  }

  @Test func sameForestOnAnyThreadCount() throws {
    let split = try ClassicalFixtures.digitsSplit()
    var bytes: [[UInt8]] = []
    for threads in [1, 2, 3] {
      let forest = try RandomForest(
        classifying: split.trainX,
        labels: split.trainY,
        parameters: RandomForest.Parameters(treeCount: 12, seed: 9, threads: threads)
      )
      bytes.append(forest.serialized())
    }
    #expect(bytes[0] == bytes[1] && bytes[1] == bytes[2])
  }

  @Test func sizeIsLinearInTrees() throws {
    let split = try ClassicalFixtures.digitsSplit()
    func size(_ trees: Int) throws -> Int {
      try RandomForest(
        classifying: split.trainX,
        labels: split.trainY,
        parameters: RandomForest.Parameters(treeCount: trees)
      ).serializedByteCount
    }
    let ten = try size(10)
    let forty = try size(40)
    #expect(Double(forty) / Double(ten) > 3.6 && Double(forty) / Double(ten) < 4.4)
  }

  @Test func depthCapShrinksTheForest() throws {
    let split = try ClassicalFixtures.digitsSplit()
    let shallow = try RandomForest(
      classifying: split.trainX,
      labels: split.trainY,
      parameters: RandomForest.Parameters(tree: TreeParameters(maxDepth: 8, maxFeatures: .sqrt))
    )
    #expect(shallow.maxDepth <= 8)
    #expect(shallow.nodeCount < Self.digitsForest.nodeCount)
    let accuracy = ClassicalFixtures.accuracy(try shallow.predictClasses(split.testX), split.testY)
    #expect(abs(accuracy - ClassicalFixtures.forest.forestDepth8.accuracy) <= 0.03)
  }

  @Test func regressionForestAndMalformedBytes() throws {
    var rng = SeededGenerator(seed: 3)
    var values: [Float] = []
    var targets: [Float] = []
    for _ in 0..<300 {
      let a = Float(rng.next() % 1000) / 100
      values.append(a)
      targets.append(a * a)
    }
    let x = try FeatureMatrix(rows: 300, columns: 1, values: values)
    let forest = try RandomForest(
      regressing: x,
      targets: targets,
      parameters: RandomForest.Parameters(
        treeCount: 8,
        tree: TreeParameters(criterion: .squaredError)
      )
    )
    #expect(abs(try forest.predictValue([5]) - 25) < 2)
    let bytes = forest.serialized()
    for length in stride(from: 0, to: bytes.count, by: 7) {
      #expect(throws: ClassicalModelError.self) {
        try RandomForest(serialized: Array(bytes[0..<length]))
      }
    }
    #expect(try RandomForest(serialized: bytes).predictValue([5]) == forest.predictValue([5]))
  }

  /// Figures for the report (printed; run with `swift test -c release --filter
  /// timingFigures`), and the facts they rest on: the forest beats one tree on digits,
  /// every timing is a positive duration, and batched and one-by-one predictions agree.
  @Test func timingFigures() throws {
    let split = try ClassicalFixtures.digitsSplit()
    let clock = ContinuousClock()
    let start = clock.now
    let forest = try RandomForest(classifying: split.trainX, labels: split.trainY)
    let training = clock.now - start
    let rows = (0..<split.testX.rows).map { Array(split.testX.row($0)) }
    var samples: [Duration] = []
    for index in 0..<5_000 {
      let row = rows[index % rows.count]
      let t0 = clock.now
      _ = try forest.predictClass(row)
      samples.append(clock.now - t0)
    }
    samples.sort()
    let batchStart = clock.now
    var rounds = 0
    while clock.now - batchStart < .milliseconds(300) {
      _ = try forest.predictClasses(split.testX)
      rounds += 1
    }
    let perRow = (clock.now - batchStart) / (rounds * split.testX.rows)
    let loopStart = clock.now
    for row in rows { _ = try forest.predictClass(row) }
    let loopPerRow = (clock.now - loopStart) / rows.count
    let accuracy = ClassicalFixtures.accuracy(try forest.predictClasses(split.testX), split.testY)
    let tree = try DecisionTree(classifying: split.trainX, labels: split.trainY)
    let treeAccuracy = ClassicalFixtures.accuracy(
      try tree.predictClasses(split.testX),
      split.testY
    )
    #expect(accuracy > 0.9)
    #expect(accuracy >= treeAccuracy)
    #expect(training > .zero)
    #expect(samples.first.map { $0 >= .zero } == true)
    #expect(samples[samples.count / 2] > .zero)
    #expect(perRow > .zero && loopPerRow > .zero)
    #expect(rounds >= 1)
    #expect(forest.nodeCount > tree.nodeCount)
    #expect(forest.serializedByteCount > tree.serializedByteCount)
    let oneByOne = try rows.map { try forest.predictClass($0) }
    #expect(oneByOne == (try forest.predictClasses(split.testX)))
    print(
      "forest digits: one-by-one \(loopPerRow) per row, accuracy \(accuracy);"
        + " tree accuracy \(treeAccuracy), nodes \(tree.nodeCount), bytes \(tree.serializedByteCount)"
    )
    print(
      "forest digits: train \(training), predict-1 p50 \(samples[samples.count / 2]),"
        + " batched \(perRow) per row, nodes \(forest.nodeCount),"
        + " bytes \(forest.serializedByteCount)"
    )
  }
}
