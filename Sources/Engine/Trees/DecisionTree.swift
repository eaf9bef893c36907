/// A CART decision tree for classification (gini or entropy) or regression (squared error).
///
/// Training searches every threshold of every tried feature exactly, like scikit-learn's
/// `best` splitter, and grows until the leaves are pure or a size control stops it. The tree
/// is stored as preorder nodes, so its size is exactly its node count times a few bytes: see
/// `serialized()` for the byte layout and `docs/tree-format.md` for the comparison with a
/// scikit-learn pickle (`64 + 8·classes` bytes per node).
public struct DecisionTree: Sendable {
  /// The original class labels in ascending order; empty for a regression tree.
  public let classes: [Int]
  /// The number of features each row must have.
  public let featureCount: Int
  /// Weighted impurity decrease per feature, normalised to sum to 1 (all zero for a stump).
  ///
  /// Computed while training; a tree read back from bytes has an empty array because the
  /// compact encoding keeps only what prediction needs.
  public let featureImportances: [Double]
  /// The length of the longest root-to-leaf path (a lone leaf has depth 0).
  public let depth: Int

  package var nodes: [TreeNode]
  /// Leaf outputs, `stride` per leaf: class probabilities or one regression value.
  package var leafValues: [Float]

  /// Whether the tree predicts classes (otherwise numbers).
  public var isClassifier: Bool { !classes.isEmpty }
  /// Internal nodes plus leaves.
  public var nodeCount: Int { nodes.count }
  /// The number of leaves (`(nodeCount + 1) / 2` for a binary tree).
  public var leafCount: Int { nodes.reduce(0) { $0 + ($1.feature < 0 ? 1 : 0) } }

  package var stride: Int { isClassifier ? classes.count : 1 }

  init(
    classes: [Int],
    featureCount: Int,
    nodes: [TreeNode],
    leafValues: [Float],
    importances: [Double],
    depth: Int
  ) {
    self.classes = classes
    self.featureCount = featureCount
    self.nodes = nodes
    self.leafValues = leafValues
    let total = importances.reduce(0, +)
    featureImportances = total > 0 ? importances.map { $0 / total } : importances
    self.depth = depth
  }

  init(built: BuiltTree, classes: [Int], featureCount: Int) {
    self.init(
      classes: classes,
      featureCount: featureCount,
      nodes: built.nodes,
      leafValues: built.leafValues,
      importances: built.importances,
      depth: built.depth
    )
  }

  /// Trains a classification tree on `x` and one label per row.
  public init(
    classifying x: FeatureMatrix,
    labels: [Int],
    parameters: TreeParameters = TreeParameters()
  ) throws(ClassicalModelError) {
    try parameters.validate(forClassification: true)
    let encoded = try ClassLabels(x: x, labels: labels)
    let builder = TreeBuilder(
      x: x,
      target: .classes(encoded.indices, count: encoded.classes.count),
      parameters: parameters
    )
    let built = builder.build(
      samples: (0..<Int32(x.rows)).map { $0 },
      weights: nil,
      seed: parameters.seed
    )
    self.init(built: built, classes: encoded.classes, featureCount: x.columns)
  }

  /// Trains a regression tree on `x` and one target per row (criterion must be squared error).
  public init(
    regressing x: FeatureMatrix,
    targets: [Float],
    parameters: TreeParameters = TreeParameters(criterion: .squaredError)
  ) throws(ClassicalModelError) {
    try parameters.validate(forClassification: false)
    try ClassLabels.checkTrainingShape(x: x, count: targets.count)
    let builder = TreeBuilder(
      x: x,
      target: .values(targets.map(Double.init)),
      parameters: parameters
    )
    let built = builder.build(
      samples: (0..<Int32(x.rows)).map { $0 },
      weights: nil,
      seed: parameters.seed
    )
    self.init(built: built, classes: [], featureCount: x.columns)
  }

  /// The preorder index of the leaf `row` falls into.
  @inline(__always)
  func leaf(_ row: UnsafeBufferPointer<Float>) -> Int {
    nodes.withUnsafeBufferPointer { nodes in
      var index = 0
      while true {
        let node = nodes[index]
        if node.feature < 0 { return index }
        index = row[Int(node.feature)] <= node.threshold ? index + 1 : Int(node.right)
      }
    }
  }

  /// The first leaf value of the leaf `row` falls into.
  @inline(__always)
  func leafValueOffset(_ row: UnsafeBufferPointer<Float>) -> Int {
    Int(nodes[leaf(row)].right) * stride
  }

  func checkRow(_ count: Int) throws(ClassicalModelError) {
    guard count == featureCount else {
      throw .featureCountMismatch(expected: featureCount, actual: count)
    }
  }

  func checkTask(classifier: Bool) throws(ClassicalModelError) {
    guard classifier == isClassifier else {
      throw .taskMismatch(
        model: "decision tree",
        expected: isClassifier ? "classification" : "regression"
      )
    }
  }

  /// Class probabilities for one row: the class shares of the leaf it lands in.
  public func predictProbabilities(_ row: [Float]) throws(ClassicalModelError) -> [Float] {
    try checkTask(classifier: true)
    try checkRow(row.count)
    let offset = row.withUnsafeBufferPointer { leafValueOffset($0) }
    return Array(leafValues[offset..<(offset + stride)])
  }

  /// The predicted class label of one row (the leaf's most common class, lowest label on ties).
  public func predictClass(_ row: [Float]) throws(ClassicalModelError) -> Int {
    try checkTask(classifier: true)
    try checkRow(row.count)
    let offset = row.withUnsafeBufferPointer { leafValueOffset($0) }
    return classes[argmax(leafValues[offset..<(offset + stride)])]
  }

  /// The predicted class label of every row.
  public func predictClasses(_ x: FeatureMatrix) throws(ClassicalModelError) -> [Int] {
    try checkTask(classifier: true)
    try checkRow(x.columns)
    return x.values.withUnsafeBufferPointer { values in
      (0..<x.rows).map { r in
        let row = UnsafeBufferPointer(rebasing: values[(r * x.columns)..<((r + 1) * x.columns)])
        let offset = leafValueOffset(row)
        return classes[argmax(leafValues[offset..<(offset + stride)])]
      }
    }
  }

  /// The predicted value of one row (the mean target of its leaf).
  public func predictValue(_ row: [Float]) throws(ClassicalModelError) -> Float {
    try checkTask(classifier: false)
    try checkRow(row.count)
    return leafValues[row.withUnsafeBufferPointer { leafValueOffset($0) }]
  }

  /// The predicted value of every row.
  public func predictValues(_ x: FeatureMatrix) throws(ClassicalModelError) -> [Float] {
    try checkTask(classifier: false)
    try checkRow(x.columns)
    return x.values.withUnsafeBufferPointer { values in
      (0..<x.rows).map { r in
        leafValues[
          leafValueOffset(
            UnsafeBufferPointer(rebasing: values[(r * x.columns)..<((r + 1) * x.columns)])
          )
        ]
      }
    }
  }
}

/// The index of the largest value, the first one on ties (NumPy's `argmax`).
func argmax<C: Collection>(_ values: C) -> Int where C.Element == Float {
  var best = 0
  var bestValue = -Float.infinity
  for (offset, value) in values.enumerated() where value > bestValue {
    best = offset
    bestValue = value
  }
  return best
}

/// Class labels mapped to dense indices `0..<classes.count`, as scikit-learn's `classes_`.
struct ClassLabels: Sendable {
  let classes: [Int]
  let indices: [Int32]

  init(x: FeatureMatrix, labels: [Int], minimumClasses: Int = 1) throws(ClassicalModelError) {
    try Self.checkTrainingShape(x: x, count: labels.count)
    classes = Array(Set(labels)).sorted()
    guard classes.count <= 256 else { throw .tooManyClasses(classes.count, limit: 256) }
    guard classes.count >= minimumClasses else {
      throw .notEnoughData("the labels hold \(classes.count) class, at least 2 are needed")
    }
    var lookup: [Int: Int32] = [:]
    for (index, label) in classes.enumerated() { lookup[label] = Int32(index) }
    indices = labels.map { lookup[$0]! }
  }

  static func checkTrainingShape(x: FeatureMatrix, count: Int) throws(ClassicalModelError) {
    guard x.rows == count else { throw .labelCountMismatch(rows: x.rows, labels: count) }
    guard x.rows > 0 else { throw .notEnoughData("the training set has no rows") }
    guard x.columns > 0 else { throw .notEnoughData("the training set has no features") }
    guard x.columns <= 65_534 else { throw .tooManyFeatures(x.columns, limit: 65_534) }
  }
}
