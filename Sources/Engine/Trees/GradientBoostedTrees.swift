import Foundation

/// Gradient-boosted regression trees for squared error, binary log-loss and multiclass softmax.
///
/// Each round fits small regression trees to the loss's negative gradient (the residuals),
/// then sets every leaf to a Newton step and shrinks it by the learning rate, as scikit-learn's
/// `GradientBoostingClassifier` does. Multiclass problems grow one tree per class per round,
/// so `K` classes cost `K×` the trees of a binary problem; the size lesson is
/// `trees = rounds × (K > 2 ? K : 1)`, each capped by `maxDepth`.
public struct GradientBoostedTrees: Sendable {
  /// The loss being minimised.
  public enum Loss: UInt8, Sendable, Equatable {
    /// Half squared error, regression; the start value is the target mean.
    case squaredError = 0
    /// Binary cross-entropy on one logit; the start value is the log odds of the prior.
    case binaryLogLoss = 1
    /// Softmax cross-entropy, one logit and one tree per class per round.
    case multinomialLogLoss = 2
  }

  /// Boosting settings; the defaults are scikit-learn's.
  public struct Parameters: Sendable, Equatable {
    /// The number of boosting rounds.
    public var rounds: Int
    /// The shrinkage applied to every tree's leaves.
    public var learningRate: Float
    /// Depth cap of every tree.
    public var maxDepth: Int
    /// Minimum examples per leaf.
    public var minSamplesLeaf: Int
    /// Seed for feature draws (only used when `maxFeatures` samples features).
    public var seed: UInt64
    /// How many features each node tries.
    public var maxFeatures: TreeParameters.MaxFeatures

    /// Creates settings; 100 rounds of depth-3 trees at learning rate 0.1.
    public init(
      rounds: Int = 100,
      learningRate: Float = 0.1,
      maxDepth: Int = 3,
      minSamplesLeaf: Int = 1,
      seed: UInt64 = 0,
      maxFeatures: TreeParameters.MaxFeatures = .all
    ) {
      self.rounds = rounds
      self.learningRate = learningRate
      self.maxDepth = maxDepth
      self.minSamplesLeaf = minSamplesLeaf
      self.seed = seed
      self.maxFeatures = maxFeatures
    }
  }

  /// The loss this model was trained with.
  public let loss: Loss
  /// The original class labels; empty for regression.
  public let classes: [Int]
  /// The number of features each row must have.
  public let featureCount: Int
  /// The shrinkage that was applied (already folded into the leaf values).
  public let learningRate: Float
  /// The start value of each output (one, or one per class for softmax).
  public let initialScores: [Float]
  /// All trees, round by round; within a round one tree per output.
  public let trees: [DecisionTree]

  /// Outputs per round: the class count for softmax, otherwise 1.
  public var treesPerRound: Int { initialScores.count }
  /// The number of boosting rounds.
  public var rounds: Int { trees.count / max(1, treesPerRound) }
  /// Nodes over all trees.
  public var nodeCount: Int { trees.reduce(0) { $0 + $1.nodeCount } }

  init(
    loss: Loss,
    classes: [Int],
    featureCount: Int,
    learningRate: Float,
    initialScores: [Float],
    trees: [DecisionTree]
  ) {
    self.loss = loss
    self.classes = classes
    self.featureCount = featureCount
    self.learningRate = learningRate
    self.initialScores = initialScores
    self.trees = trees
  }

  /// Trains a classifier: binary log-loss for two classes, softmax for more.
  public init(
    classifying x: FeatureMatrix,
    labels: [Int],
    parameters: Parameters = Parameters()
  ) throws(ClassicalModelError) {
    try Self.validate(parameters)
    let encoded = try ClassLabels(x: x, labels: labels, minimumClasses: 2)
    let k = encoded.classes.count
    let n = x.rows
    let outputs = k == 2 ? 1 : k
    var counts = [Double](repeating: 0, count: k)
    for label in encoded.indices { counts[Int(label)] += 1 }
    var initial: [Double]
    if k == 2 {
      initial = [log(counts[1] / counts[0])]
    } else {
      initial = counts.map { log(max($0, 1e-12) / Double(n)) }
    }
    var scores = [Double](repeating: 0, count: n * outputs)
    for r in 0..<n {
      for o in 0..<outputs { scores[r * outputs + o] = initial[o] }
    }
    let treeParameters = Self.treeParameters(parameters)
    let columns = x.columnMajor()
    var trees: [DecisionTree] = []
    var residual = [Double](repeating: 0, count: n)
    var probabilities = [Double](repeating: 0, count: n * outputs)
    for round in 0..<parameters.rounds {
      // Probabilities from the current scores.
      for r in 0..<n {
        if outputs == 1 {
          probabilities[r] = 1 / (1 + exp(-scores[r]))
        } else {
          let row = scores[(r * outputs)..<((r + 1) * outputs)]
          let top = row.max()!
          var total = 0.0
          for o in 0..<outputs {
            let e = exp(scores[r * outputs + o] - top)
            probabilities[r * outputs + o] = e
            total += e
          }
          for o in 0..<outputs { probabilities[r * outputs + o] /= total }
        }
      }
      for o in 0..<outputs {
        for r in 0..<n {
          let target: Double =
            outputs == 1
            ? Double(encoded.indices[r]) : (Int(encoded.indices[r]) == o ? 1 : 0)
          residual[r] = target - probabilities[r * outputs + o]
        }
        let builder = TreeBuilder(
          x: x,
          columns: columns,
          target: .values(residual),
          parameters: treeParameters
        )
        let built = builder.build(
          samples: (0..<Int32(n)).map { $0 },
          weights: nil,
          seed: SeededGenerator.derivedSeed(parameters.seed, index: round * outputs + o)
        )
        var tree = DecisionTree(built: built, classes: [], featureCount: x.columns)
        // Newton step per leaf: Σ residual / Σ p(1 − p), times (K − 1)/K for softmax.
        let factor = outputs == 1 ? 1.0 : Double(k - 1) / Double(k)
        var numerator = [Double](repeating: 0, count: tree.leafValues.count)
        var denominator = [Double](repeating: 0, count: tree.leafValues.count)
        var slots = [Int](repeating: 0, count: n)
        x.values.withUnsafeBufferPointer { values in
          for r in 0..<n {
            let row = UnsafeBufferPointer(
              rebasing: values[(r * x.columns)..<((r + 1) * x.columns)]
            )
            let slot = tree.leafValueOffset(row)
            slots[r] = slot
            let p = abs(residual[r])
            numerator[slot] += residual[r]
            denominator[slot] +=
              outputs == 1
              ? probabilities[r] * (1 - probabilities[r]) : p * (1 - p)
          }
        }
        for slot in tree.leafValues.indices {
          let step = denominator[slot] < 1e-150 ? 0 : factor * numerator[slot] / denominator[slot]
          tree.leafValues[slot] = Float(Double(parameters.learningRate) * step)
        }
        for r in 0..<n { scores[r * outputs + o] += Double(tree.leafValues[slots[r]]) }
        trees.append(tree)
      }
    }
    self.init(
      loss: k == 2 ? .binaryLogLoss : .multinomialLogLoss,
      classes: encoded.classes,
      featureCount: x.columns,
      learningRate: parameters.learningRate,
      initialScores: initial.map(Float.init),
      trees: trees
    )
  }

  /// Trains a regressor on squared error, starting from the target mean.
  public init(
    regressing x: FeatureMatrix,
    targets: [Float],
    parameters: Parameters = Parameters()
  ) throws(ClassicalModelError) {
    try Self.validate(parameters)
    try ClassLabels.checkTrainingShape(x: x, count: targets.count)
    let n = x.rows
    let mean = targets.reduce(0.0) { $0 + Double($1) } / Double(n)
    var scores = [Double](repeating: mean, count: n)
    let treeParameters = Self.treeParameters(parameters)
    let columns = x.columnMajor()
    var trees: [DecisionTree] = []
    var residual = [Double](repeating: 0, count: n)
    for round in 0..<parameters.rounds {
      for r in 0..<n { residual[r] = Double(targets[r]) - scores[r] }
      let builder = TreeBuilder(
        x: x,
        columns: columns,
        target: .values(residual),
        parameters: treeParameters
      )
      let built = builder.build(
        samples: (0..<Int32(n)).map { $0 },
        weights: nil,
        seed: SeededGenerator.derivedSeed(parameters.seed, index: round)
      )
      var tree = DecisionTree(built: built, classes: [], featureCount: x.columns)
      for slot in tree.leafValues.indices { tree.leafValues[slot] *= parameters.learningRate }
      x.values.withUnsafeBufferPointer { values in
        for r in 0..<n {
          let row = UnsafeBufferPointer(rebasing: values[(r * x.columns)..<((r + 1) * x.columns)])
          scores[r] += Double(tree.leafValues[tree.leafValueOffset(row)])
        }
      }
      trees.append(tree)
    }
    self.init(
      loss: .squaredError,
      classes: [],
      featureCount: x.columns,
      learningRate: parameters.learningRate,
      initialScores: [Float(mean)],
      trees: trees
    )
  }

  private static func validate(_ parameters: Parameters) throws(ClassicalModelError) {
    guard parameters.rounds >= 1 else {
      throw .invalidParameter(name: "rounds", value: "\(parameters.rounds)", expected: "1 or more")
    }
    guard parameters.learningRate > 0, parameters.learningRate.isFinite else {
      throw .invalidParameter(
        name: "learningRate",
        value: "\(parameters.learningRate)",
        expected: "a positive number"
      )
    }
    try treeParameters(parameters).validate(forClassification: false)
  }

  private static func treeParameters(_ parameters: Parameters) -> TreeParameters {
    TreeParameters(
      criterion: .squaredError,
      maxDepth: parameters.maxDepth,
      minSamplesLeaf: parameters.minSamplesLeaf,
      maxFeatures: parameters.maxFeatures,
      seed: parameters.seed
    )
  }

  /// The raw scores (logits, or the value for regression) of one row.
  public func decisionFunction(_ row: [Float]) throws(ClassicalModelError) -> [Float] {
    guard row.count == featureCount else {
      throw .featureCountMismatch(expected: featureCount, actual: row.count)
    }
    return row.withUnsafeBufferPointer { scores($0) }
  }

  private func scores(_ row: UnsafeBufferPointer<Float>) -> [Float] {
    var out = initialScores
    let outputs = treesPerRound
    for (index, tree) in trees.enumerated() {
      out[index % outputs] += tree.leafValues[tree.leafValueOffset(row)]
    }
    return out
  }

  /// Class probabilities of one row (sigmoid or softmax of the scores).
  public func predictProbabilities(_ row: [Float]) throws(ClassicalModelError) -> [Float] {
    guard loss != .squaredError else {
      throw .taskMismatch(model: "boosted model", expected: "regression")
    }
    let raw = try decisionFunction(row)
    if loss == .binaryLogLoss {
      let p = 1 / (1 + Float(exp(-Double(raw[0]))))
      return [1 - p, p]
    }
    let top = raw.max()!
    let e = raw.map { Float(exp(Double($0 - top))) }
    let total = e.reduce(0, +)
    return e.map { $0 / total }
  }

  /// The most probable class of one row.
  public func predictClass(_ row: [Float]) throws(ClassicalModelError) -> Int {
    classes[argmax(try predictProbabilities(row))]
  }

  /// The predicted class of every row.
  public func predictClasses(_ x: FeatureMatrix) throws(ClassicalModelError) -> [Int] {
    guard loss != .squaredError else {
      throw .taskMismatch(model: "boosted model", expected: "regression")
    }
    guard x.columns == featureCount else {
      throw .featureCountMismatch(expected: featureCount, actual: x.columns)
    }
    return x.values.withUnsafeBufferPointer { values in
      (0..<x.rows).map { r in
        let raw = scores(
          UnsafeBufferPointer(rebasing: values[(r * x.columns)..<((r + 1) * x.columns)])
        )
        return loss == .binaryLogLoss ? classes[raw[0] > 0 ? 1 : 0] : classes[argmax(raw)]
      }
    }
  }

  /// The predicted value of one row (regression).
  public func predictValue(_ row: [Float]) throws(ClassicalModelError) -> Float {
    guard loss == .squaredError else {
      throw .taskMismatch(model: "boosted model", expected: "classification")
    }
    return try decisionFunction(row)[0]
  }

  /// The predicted value of every row (regression).
  public func predictValues(_ x: FeatureMatrix) throws(ClassicalModelError) -> [Float] {
    guard loss == .squaredError else {
      throw .taskMismatch(model: "boosted model", expected: "classification")
    }
    guard x.columns == featureCount else {
      throw .featureCountMismatch(expected: featureCount, actual: x.columns)
    }
    return x.values.withUnsafeBufferPointer { values in
      (0..<x.rows).map { r in
        scores(UnsafeBufferPointer(rebasing: values[(r * x.columns)..<((r + 1) * x.columns)]))[0]
      }
    }
  }
}

extension GradientBoostedTrees {
  static let magic = "GLGB"

  /// The model as bytes: a header, the start scores, then each tree's node block.
  ///
  /// ```
  /// offset  size  field
  /// 0       4     magic "GLGB"
  /// 4       1     format version = 1
  /// 5       1     loss: 0 squared error, 1 binary log-loss, 2 multinomial log-loss
  /// 6       2     class count K (UInt16; 0 for regression)
  /// 8       4     feature count F (UInt32)
  /// 12      4     tree count T (UInt32, a multiple of the outputs per round)
  /// 16      4     learning rate (Float32, informative: already folded into the leaves)
  /// 20      4·K   class labels (Int32, ascending)
  /// …       4·O   start scores (Float32; O = K for softmax, else 1)
  /// …             T node blocks with value leaves, as in `DecisionTree`
  /// ```
  public func serialized() -> [UInt8] {
    var writer = CompactByteWriter()
    writer.append(magic: Self.magic)
    writer.append(UInt8(1))
    writer.append(loss.rawValue)
    writer.append(UInt16(classes.count))
    writer.append(UInt32(featureCount))
    writer.append(UInt32(trees.count))
    writer.append(learningRate)
    for label in classes { writer.append(Int32(truncatingIfNeeded: label)) }
    for score in initialScores { writer.append(score) }
    for tree in trees { tree.encodeNodes(into: &writer) }
    return writer.bytes
  }

  /// Reads a model written by `serialized()`, rejecting truncated or inconsistent bytes.
  public init(serialized bytes: [UInt8]) throws(ClassicalModelError) {
    var reader = CompactByteReader(bytes, model: "gradient-boosted model")
    try reader.expect(magic: Self.magic, version: 1)
    let raw = try reader.u8()
    guard let loss = Loss(rawValue: raw) else { throw reader.fail("unknown loss \(raw)") }
    let classCount = Int(try reader.u16())
    let featureCount = Int(try reader.u32())
    let treeCount = Int(try reader.u32())
    let learningRate = try reader.finite("the learning rate")
    let classes = try DecisionTree.readHeaderRest(
      &reader,
      classifier: loss != .squaredError,
      classCount: classCount,
      featureCount: featureCount
    )
    switch loss {
    case .binaryLogLoss where classCount != 2, .multinomialLogLoss where classCount < 3:
      throw reader.fail("\(classCount) classes do not match the loss")
    default: break
    }
    let outputs = loss == .multinomialLogLoss ? classCount : 1
    var initial: [Float] = []
    for _ in 0..<outputs { initial.append(try reader.finite("a start score")) }
    guard treeCount >= outputs, treeCount % outputs == 0, treeCount <= reader.remaining / 7
    else {
      throw reader.fail("tree count \(treeCount) does not fit \(outputs) outputs per round")
    }
    var trees: [DecisionTree] = []
    for _ in 0..<treeCount {
      let decoded = try DecisionTree.decodeNodes(&reader, classCount: 0, featureCount: featureCount)
      trees.append(
        DecisionTree(
          classes: [],
          featureCount: featureCount,
          nodes: decoded.nodes,
          leafValues: decoded.leafValues,
          importances: [],
          depth: decoded.depth
        )
      )
    }
    try reader.expectEnd()
    self.init(
      loss: loss,
      classes: classes,
      featureCount: featureCount,
      learningRate: learningRate,
      initialScores: initial,
      trees: trees
    )
  }

  /// The size of `serialized()` in bytes.
  public var serializedByteCount: Int {
    20 + 4 * classes.count + 4 * initialScores.count
      + trees.reduce(0) { $0 + $1.nodeBlockByteCount }
  }
}
