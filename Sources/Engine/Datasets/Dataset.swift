/// A dataset ready for training: a train split, a test split and what the examples mean.
///
/// Features are scaled (stored value ÷ `feature_scale`); for tabular sets (one feature axis)
/// they are then standardised per feature, `(x − mean)/std`, with mean and std from the training
/// split only (std 0 is replaced by 1); `featureMean`/`featureStd` keep those statistics so new
/// inputs can be transformed the same way. Image sets are only scaled.
public struct Dataset: Sendable {
  /// What the targets are.
  public enum Task: String, Sendable, Equatable {
    case classification
    case regression
  }

  /// Catalog name (`iris`, `fraud`, …).
  public var name: String
  /// One line for display.
  public var summary: String
  /// Shape of one example.
  public var featureShape: [Int]
  /// Number of classes (0 for regression).
  public var classes: Int
  /// Class names (empty for regression).
  public var classNames: [String]
  /// Classification or regression.
  public var task: Task
  /// Training examples.
  public var train: ExampleSet
  /// Held-out examples.
  public var test: ExampleSet
  /// Training-split mean per feature (tabular sets), empty otherwise.
  public var featureMean: [Float]
  /// Training-split standard deviation per feature (tabular sets), empty otherwise.
  public var featureStd: [Float]

  /// Number of training examples.
  public var trainCount: Int { train.count }
  /// Number of test examples.
  public var testCount: Int { test.count }

  /// Throws a learner-facing error unless a spec's input shape equals the example shape.
  public func fits(inputShape: [Int]) throws(DatasetError) {
    guard inputShape == featureShape else {
      throw .inputDoesNotFit(dataset: name, inputShape: inputShape, featureShape: featureShape)
    }
  }

  /// Builds a dataset from all rows: split (stratified for classification), then standardise
  /// tabular features with training statistics.
  public init(
    name: String,
    summary: String,
    featureShape: [Int],
    classes: Int,
    classNames: [String],
    features: [Float],
    targets: [Float],
    testFraction: Double,
    seed: UInt64,
    standardize: Bool? = nil
  ) throws(DatasetError) {
    guard testFraction >= 0 && testFraction < 1 else {
      throw .invalidParameter("the test fraction must be in [0, 1), not \(testFraction)")
    }
    let perRow = featureShape.reduce(1, *)
    let rows = perRow == 0 ? 0 : features.count / perRow
    let task: Task = classes > 0 ? .classification : .regression
    let split = DatasetSplitter.split(
      labels: task == .classification ? targets.map { Int($0) } : nil,
      rows: rows,
      testFraction: testFraction,
      seed: seed
    )
    let all = ExampleSet(
      features: Tensor(shape: [rows] + featureShape, scalars: features),
      targets: targets
    )
    var train = all.subset(split.train)
    var test = all.subset(split.test)
    var mean: [Float] = []
    var std: [Float] = []
    if standardize ?? (featureShape.count == 1) {
      (mean, std) = DatasetSplitter.statistics(of: train.features, features: perRow)
      DatasetSplitter.standardize(&train.features, mean: mean, std: std)
      DatasetSplitter.standardize(&test.features, mean: mean, std: std)
    }
    self.name = name
    self.summary = summary
    self.featureShape = featureShape
    self.classes = classes
    self.classNames = classNames
    self.task = task
    self.train = train
    self.test = test
    self.featureMean = mean
    self.featureStd = std
  }
}
