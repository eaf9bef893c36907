import Synchronization

/// A random forest of CART trees, each grown on a bootstrap sample with random feature subsets.
///
/// Prediction averages the trees' class probabilities and takes the most likely class, as
/// scikit-learn's `RandomForestClassifier` does (not a hard majority vote); a regression
/// forest averages the trees' values. Tree `i` is seeded from the forest's seed and `i`
/// alone, so the forest is identical whether it is built on one thread or many. Its size is
/// linear in the number of trees: the serialized forest is a small header plus each tree's
/// node block.
public struct RandomForest: Sendable {
  /// The forest's settings; the defaults are scikit-learn's.
  public struct Parameters: Sendable, Equatable {
    /// The number of trees.
    public var treeCount: Int
    /// Settings of every tree; `maxFeatures` defaults to √features (classification).
    public var tree: TreeParameters
    /// Whether each tree sees a bootstrap sample (n draws with replacement) or all rows.
    public var bootstrap: Bool
    /// The forest's seed; tree `i` uses a seed derived from it and `i`.
    public var seed: UInt64
    /// How many threads build trees at once (the result does not depend on it).
    public var threads: Int

    /// Creates settings; 100 fully grown trees on √features, like scikit-learn.
    public init(
      treeCount: Int = 100,
      tree: TreeParameters = TreeParameters(maxFeatures: .sqrt),
      bootstrap: Bool = true,
      seed: UInt64 = 0,
      threads: Int = 2
    ) {
      self.treeCount = treeCount
      self.tree = tree
      self.bootstrap = bootstrap
      self.seed = seed
      self.threads = threads
    }
  }

  /// The trees, in seed order.
  public let trees: [DecisionTree]
  /// The original class labels in ascending order; empty for a regression forest.
  public let classes: [Int]
  /// The number of features each row must have.
  public let featureCount: Int

  /// Whether the forest predicts classes.
  public var isClassifier: Bool { !classes.isEmpty }
  /// Nodes over all trees, the figure that makes forests large.
  public var nodeCount: Int { trees.reduce(0) { $0 + $1.nodeCount } }
  /// Leaves over all trees.
  public var leafCount: Int { trees.reduce(0) { $0 + $1.leafCount } }
  /// The deepest tree's depth.
  public var maxDepth: Int { trees.map(\.depth).max() ?? 0 }

  /// Mean of the trees' normalised impurity-decrease importances (empty after decoding).
  public var featureImportances: [Double] {
    guard let first = trees.first, !first.featureImportances.isEmpty else { return [] }
    var sum = [Double](repeating: 0, count: featureCount)
    for tree in trees {
      for (index, value) in tree.featureImportances.enumerated() { sum[index] += value }
    }
    let total = sum.reduce(0, +)
    return total > 0 ? sum.map { $0 / total } : sum
  }

  init(trees: [DecisionTree], classes: [Int], featureCount: Int) {
    self.trees = trees
    self.classes = classes
    self.featureCount = featureCount
  }

  /// Trains a classification forest.
  public init(
    classifying x: FeatureMatrix,
    labels: [Int],
    parameters: Parameters = Parameters()
  ) throws(ClassicalModelError) {
    try parameters.tree.validate(forClassification: true)
    let encoded = try ClassLabels(x: x, labels: labels)
    try self.init(
      x: x,
      target: .classes(encoded.indices, count: encoded.classes.count),
      classes: encoded.classes,
      parameters: parameters
    )
  }

  /// Trains a regression forest (the tree criterion must be squared error).
  public init(
    regressing x: FeatureMatrix,
    targets: [Float],
    parameters: Parameters = Parameters(
      tree: TreeParameters(criterion: .squaredError, maxFeatures: .all)
    )
  ) throws(ClassicalModelError) {
    try parameters.tree.validate(forClassification: false)
    try ClassLabels.checkTrainingShape(x: x, count: targets.count)
    try self.init(
      x: x,
      target: .values(targets.map(Double.init)),
      classes: [],
      parameters: parameters
    )
  }

  private init(
    x: FeatureMatrix,
    target: TreeBuilder.Target,
    classes: [Int],
    parameters: Parameters
  ) throws(ClassicalModelError) {
    guard parameters.treeCount >= 1 else {
      throw .invalidParameter(
        name: "treeCount",
        value: "\(parameters.treeCount)",
        expected: "1 or more"
      )
    }
    guard parameters.threads >= 1 else {
      throw .invalidParameter(
        name: "threads",
        value: "\(parameters.threads)",
        expected: "1 or more"
      )
    }
    let builder = TreeBuilder(x: x, target: target, parameters: parameters.tree)
    let rows = x.rows
    let featureCount = x.columns
    let count = parameters.treeCount
    let results = Mutex<[DecisionTree?]>(Array(repeating: nil, count: count))
    let next = Mutex(0)
    let workers = min(parameters.threads, count)
    WorkerPool.shared.run(parts: workers) { _ in
      while true {
        let index = next.withLock { value -> Int in
          defer { value += 1 }
          return value
        }
        if index >= count { return }
        let seed = SeededGenerator.derivedSeed(parameters.seed, index: index)
        let built: BuiltTree
        if parameters.bootstrap {
          var rng = SeededGenerator(seed: seed)
          var weights = [Double](repeating: 0, count: rows)
          for _ in 0..<rows { weights[rng.nextInt(below: rows)] += 1 }
          let samples = (0..<Int32(rows)).filter { weights[Int($0)] > 0 }
          built = builder.build(samples: samples, weights: weights, seed: rng.next())
        } else {
          built = builder.build(samples: (0..<Int32(rows)).map { $0 }, weights: nil, seed: seed)
        }
        let tree = DecisionTree(built: built, classes: classes, featureCount: featureCount)
        results.withLock { $0[index] = tree }
      }
    }
    self.init(
      trees: results.withLock { $0.map { $0! } },
      classes: classes,
      featureCount: featureCount
    )
  }

  private func check(_ count: Int, classifier: Bool) throws(ClassicalModelError) {
    guard classifier == isClassifier else {
      throw .taskMismatch(
        model: "random forest",
        expected: isClassifier ? "classification" : "regression"
      )
    }
    guard count == featureCount else {
      throw .featureCountMismatch(expected: featureCount, actual: count)
    }
  }

  private func accumulate(_ row: UnsafeBufferPointer<Float>, into sum: inout [Float]) {
    let stride = classes.count
    for tree in trees {
      let offset = tree.leafValueOffset(row)
      tree.leafValues.withUnsafeBufferPointer { values in
        for c in 0..<stride { sum[c] += values[offset + c] }
      }
    }
  }

  /// The mean of the trees' class probabilities for one row.
  public func predictProbabilities(_ row: [Float]) throws(ClassicalModelError) -> [Float] {
    try check(row.count, classifier: true)
    var sum = [Float](repeating: 0, count: classes.count)
    row.withUnsafeBufferPointer { accumulate($0, into: &sum) }
    let scale = 1 / Float(trees.count)
    return sum.map { $0 * scale }
  }

  /// The class with the highest mean probability for one row.
  public func predictClass(_ row: [Float]) throws(ClassicalModelError) -> Int {
    try check(row.count, classifier: true)
    var sum = [Float](repeating: 0, count: classes.count)
    row.withUnsafeBufferPointer { accumulate($0, into: &sum) }
    return classes[argmax(sum)]
  }

  /// The predicted class of every row.
  ///
  /// Tree-major: each tree walks all rows before the next tree, so one tree's nodes stay in
  /// cache, which is what makes batches faster per row than single predictions.
  public func predictClasses(_ x: FeatureMatrix) throws(ClassicalModelError) -> [Int] {
    try check(x.columns, classifier: true)
    let stride = classes.count
    var sums = [Float](repeating: 0, count: x.rows * stride)
    x.values.withUnsafeBufferPointer { values in
      sums.withUnsafeMutableBufferPointer { sums in
        for tree in trees {
          tree.leafValues.withUnsafeBufferPointer { leaves in
            for r in 0..<x.rows {
              let row = UnsafeBufferPointer(
                rebasing: values[(r * x.columns)..<((r + 1) * x.columns)]
              )
              let offset = tree.leafValueOffset(row)
              for c in 0..<stride { sums[r * stride + c] += leaves[offset + c] }
            }
          }
        }
      }
    }
    return (0..<x.rows).map { r in classes[argmax(sums[(r * stride)..<((r + 1) * stride)])] }
  }

  /// The mean of the trees' values for one row (regression).
  public func predictValue(_ row: [Float]) throws(ClassicalModelError) -> Float {
    try check(row.count, classifier: false)
    return row.withUnsafeBufferPointer { buffer in
      var sum: Float = 0
      for tree in trees { sum += tree.leafValues[tree.leafValueOffset(buffer)] }
      return sum / Float(trees.count)
    }
  }

  /// The predicted value of every row (regression).
  public func predictValues(_ x: FeatureMatrix) throws(ClassicalModelError) -> [Float] {
    try check(x.columns, classifier: false)
    return x.values.withUnsafeBufferPointer { values in
      (0..<x.rows).map { r in
        let row = UnsafeBufferPointer(rebasing: values[(r * x.columns)..<((r + 1) * x.columns)])
        var sum: Float = 0
        for tree in trees { sum += tree.leafValues[tree.leafValueOffset(row)] }
        return sum / Float(trees.count)
      }
    }
  }
}

extension RandomForest {
  static let magic = "GLRF"

  /// The forest as bytes: a header, then each tree's node block (see `DecisionTree`).
  ///
  /// ```
  /// offset  size  field
  /// 0       4     magic "GLRF"
  /// 4       1     format version = 1
  /// 5       1     task: 0 classification, 1 regression
  /// 6       2     class count K (UInt16; 0 for regression)
  /// 8       4     feature count F (UInt32)
  /// 12      4     tree count T (UInt32)
  /// 16      4·K   class labels (Int32, ascending)
  /// …             T node blocks: UInt32 node count, then the nodes as in `DecisionTree`
  /// ```
  public func serialized() -> [UInt8] {
    var writer = CompactByteWriter()
    writer.append(magic: Self.magic)
    writer.append(UInt8(1))
    writer.append(UInt8(isClassifier ? 0 : 1))
    writer.append(UInt16(classes.count))
    writer.append(UInt32(featureCount))
    writer.append(UInt32(trees.count))
    for label in classes { writer.append(Int32(truncatingIfNeeded: label)) }
    for tree in trees { tree.encodeNodes(into: &writer) }
    return writer.bytes
  }

  /// The size of `serialized()` in bytes.
  public var serializedByteCount: Int {
    16 + 4 * classes.count + trees.reduce(0) { $0 + $1.nodeBlockByteCount }
  }

  /// Reads a forest written by `serialized()`, rejecting truncated or inconsistent bytes.
  public init(serialized bytes: [UInt8]) throws(ClassicalModelError) {
    var reader = CompactByteReader(bytes, model: "random forest")
    try reader.expect(magic: Self.magic, version: 1)
    let task = try reader.u8()
    guard task <= 1 else { throw reader.fail("task \(task) is neither 0 nor 1") }
    let classCount = Int(try reader.u16())
    let featureCount = Int(try reader.u32())
    let treeCount = Int(try reader.u32())
    let classes = try DecisionTree.readHeaderRest(
      &reader,
      classifier: task == 0,
      classCount: classCount,
      featureCount: featureCount
    )
    guard treeCount >= 1, treeCount <= reader.remaining / 7 else {
      throw reader.fail("tree count \(treeCount) does not fit in \(reader.remaining) bytes")
    }
    var trees: [DecisionTree] = []
    for _ in 0..<treeCount {
      let decoded = try DecisionTree.decodeNodes(
        &reader,
        classCount: classes.count,
        featureCount: featureCount
      )
      trees.append(
        DecisionTree(
          classes: classes,
          featureCount: featureCount,
          nodes: decoded.nodes,
          leafValues: decoded.leafValues,
          importances: [],
          depth: decoded.depth
        )
      )
    }
    try reader.expectEnd()
    self.init(trees: trees, classes: classes, featureCount: featureCount)
  }
}
