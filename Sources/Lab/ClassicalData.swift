import Engine

/// A dataset as the classical models read it: flat feature rows and one target per row.
///
/// Images are flattened channels-last (an 8×8×1 digit becomes 64 features, row by row),
/// the same order a `flatten` layer uses. Tabular features keep the dataset's
/// standardisation (trees do not care, linear models converge faster). Classification
/// targets become integer labels; regression targets stay values.
public struct ClassicalData: Sendable {
  /// The dataset's catalog name.
  public var name: String
  /// Classification or regression.
  public var task: Dataset.Task
  /// Training features, one row per example.
  public var trainX: FeatureMatrix
  /// Training targets: class indices (as numbers) or regression values.
  public var trainTargets: [Float]
  /// Held-out features.
  public var testX: FeatureMatrix
  /// Held-out targets.
  public var testTargets: [Float]

  /// Training labels as integers (classification).
  public var trainLabels: [Int] { trainTargets.map { Int($0) } }
  /// Held-out labels as integers (classification).
  public var testLabels: [Int] { testTargets.map { Int($0) } }
  /// Whether the targets are classes.
  public var isClassification: Bool { task == .classification }
  /// Features per row.
  public var featureCount: Int { trainX.columns }

  /// Wraps ready-made matrices, checking that every row has a target.
  public init(
    name: String,
    task: Dataset.Task,
    trainX: FeatureMatrix,
    trainTargets: [Float],
    testX: FeatureMatrix,
    testTargets: [Float]
  ) throws(ClassicalModelError) {
    guard trainTargets.count == trainX.rows else {
      throw .labelCountMismatch(rows: trainX.rows, labels: trainTargets.count)
    }
    guard testTargets.count == testX.rows else {
      throw .labelCountMismatch(rows: testX.rows, labels: testTargets.count)
    }
    guard testX.columns == trainX.columns else {
      throw .featureCountMismatch(expected: trainX.columns, actual: testX.columns)
    }
    self.name = name
    self.task = task
    self.trainX = trainX
    self.trainTargets = trainTargets
    self.testX = testX
    self.testTargets = testTargets
  }

  /// Flattens a dataset's train and test splits into feature matrices.
  public init(_ dataset: Dataset) throws(ClassicalModelError) {
    guard dataset.train.targetWidth == 1 || dataset.train.count == 0 else {
      throw .notEnoughData("the classical models take one target per example")
    }
    try self.init(
      name: dataset.name,
      task: dataset.task,
      trainX: Self.matrix(dataset.train),
      trainTargets: dataset.train.targets,
      testX: Self.matrix(dataset.test),
      testTargets: dataset.test.targets
    )
  }

  /// The same data with only the given features, in the given order.
  public func selectingFeatures(_ indices: [Int]) -> ClassicalData {
    var copy = self
    copy.trainX = trainX.selectingColumns(indices)
    copy.testX = testX.selectingColumns(indices)
    return copy
  }

  /// The same data with only the first `rows` training examples (the held-out split stays).
  public func prefixOfTraining(_ rows: Int) -> ClassicalData {
    let count = max(0, min(rows, trainX.rows))
    var copy = self
    copy.trainX = trainX.selectingRows(Array(0..<count))
    copy.trainTargets = Array(trainTargets[0..<count])
    return copy
  }

  /// One example of the held-out split as an array, for single-row prediction.
  public func testRow(_ index: Int) -> [Float] { Array(testX.row(index)) }

  static func matrix(_ set: ExampleSet) throws(ClassicalModelError) -> FeatureMatrix {
    let columns = set.featureShape.reduce(1, *)
    return try FeatureMatrix(rows: set.count, columns: columns, values: set.features.scalars)
  }
}
