import Engine

/// One trained classical model of any kind, so that one measurer can write, read back, count
/// and time them all.
///
/// What `params` counts, so that a tree and a linear model can be compared with a network:
/// the numbers a model stores that training chose.
///
/// - Tree (and each tree of a forest or boosted model): one threshold per internal node, one
///   number per pure class leaf (its class) or regression leaf (its value), and K
///   probabilities per impure class leaf. Feature indices and child links are structure,
///   not parameters: they are in the bytes, not in the count.
/// - Boosted trees: the trees plus one start score per output.
/// - Linear and logistic regression: every weight plus every intercept, as Keras counts a
///   dense layer.
public enum ClassicalModel: Sendable {
  case tree(DecisionTree)
  case forest(RandomForest)
  case boosted(GradientBoostedTrees)
  case linear(LinearRegression)
  case logistic(LogisticRegression)

  /// The model's kind in words.
  public var kind: String {
    switch self {
    case .tree: return "decision tree"
    case .forest: return "random forest"
    case .boosted: return "gradient-boosted trees"
    case .linear: return "linear regression"
    case .logistic: return "logistic regression"
    }
  }

  /// Whether the model predicts classes.
  public var isClassifier: Bool {
    switch self {
    case .tree(let tree): return tree.isClassifier
    case .forest(let forest): return forest.isClassifier
    case .boosted(let boosted): return !boosted.classes.isEmpty
    case .linear: return false
    case .logistic: return true
    }
  }

  /// The trees the model holds (empty for linear models).
  public var trees: [DecisionTree] {
    switch self {
    case .tree(let tree): return [tree]
    case .forest(let forest): return forest.trees
    case .boosted(let boosted): return boosted.trees
    case .linear, .logistic: return []
    }
  }

  /// The numbers training chose (see the type's summary), and how many of them are not zero.
  public var storedNumbers: (all: Int, nonzero: Int) {
    switch self {
    case .tree, .forest:
      return trees.reduce((0, 0)) { sum, tree in
        let counted = tree.storedNumbers
        return (sum.0 + counted.all, sum.1 + counted.nonzero)
      }
    case .boosted(let boosted):
      let start = (boosted.initialScores.count, boosted.initialScores.filter { $0 != 0 }.count)
      return trees.reduce(start) { sum, tree in
        let counted = tree.storedNumbers
        return (sum.0 + counted.all, sum.1 + counted.nonzero)
      }
    case .linear(let model):
      let nonzero = model.weights.filter { $0 != 0 }.count + (model.intercept != 0 ? 1 : 0)
      return (model.weights.count + 1, nonzero)
    case .logistic(let model):
      let nonzero =
        model.weights.filter { $0 != 0 }.count + model.intercepts.filter { $0 != 0 }.count
      return (model.weights.count + model.intercepts.count, nonzero)
    }
  }

  /// Weights that are exactly zero (linear models; 0 for trees).
  public var zeroWeightCount: Int {
    switch self {
    case .linear(let model): return model.zeroWeightCount
    case .logistic(let model): return model.zeroWeightCount
    case .tree, .forest, .boosted: return 0
    }
  }

  /// The model in its compact stored form; linear models honour `encoding`.
  public func serialized(_ encoding: WeightEncoding = .dense) -> [UInt8] {
    switch self {
    case .tree(let tree): return tree.serialized()
    case .forest(let forest): return forest.serialized()
    case .boosted(let boosted): return boosted.serialized()
    case .linear(let model): return model.serialized(encoding)
    case .logistic(let model): return model.serialized(encoding)
    }
  }

  /// Reads bytes written by `serialized(_:)` for a model of the same kind as this one.
  public func decodingSameKind(_ bytes: [UInt8]) throws(ClassicalModelError) -> ClassicalModel {
    switch self {
    case .tree: return .tree(try DecisionTree(serialized: bytes))
    case .forest: return .forest(try RandomForest(serialized: bytes))
    case .boosted: return .boosted(try GradientBoostedTrees(serialized: bytes))
    case .linear: return .linear(try LinearRegression(serialized: bytes))
    case .logistic: return .logistic(try LogisticRegression(serialized: bytes))
    }
  }

  /// The prediction for one row: a class label (as a number) or a value.
  public func predict(_ row: [Float]) throws(ClassicalModelError) -> Float {
    switch self {
    case .tree(let tree):
      return tree.isClassifier ? Float(try tree.predictClass(row)) : try tree.predictValue(row)
    case .forest(let forest):
      return forest.isClassifier
        ? Float(try forest.predictClass(row)) : try forest.predictValue(row)
    case .boosted(let boosted):
      return boosted.classes.isEmpty
        ? try boosted.predictValue(row) : Float(try boosted.predictClass(row))
    case .linear(let model): return try model.predict(row)
    case .logistic(let model): return Float(try model.predictClass(row))
    }
  }

  /// The predictions for every row of `x`, with each model's batch path.
  public func predict(_ x: FeatureMatrix) throws(ClassicalModelError) -> [Float] {
    switch self {
    case .tree(let tree):
      return tree.isClassifier
        ? try tree.predictClasses(x).map(Float.init) : try tree.predictValues(x)
    case .forest(let forest):
      return forest.isClassifier
        ? try forest.predictClasses(x).map(Float.init) : try forest.predictValues(x)
    case .boosted(let boosted):
      return boosted.classes.isEmpty
        ? try boosted.predictValues(x) : try boosted.predictClasses(x).map(Float.init)
    case .linear(let model): return try model.predict(x)
    case .logistic(let model): return try model.predictClasses(x).map(Float.init)
    }
  }
}

extension DecisionTree {
  /// Thresholds plus leaf outputs (see `ClassicalModel`), and how many are not zero.
  ///
  /// A pure class leaf's one number names its class, so it always counts as nonzero.
  var storedNumbers: (all: Int, nonzero: Int) {
    var all = 0
    var nonzero = 0
    for node in nodes {
      if node.feature >= 0 {
        all += 1
        if node.threshold != 0 { nonzero += 1 }
      } else if !isClassifier {
        all += 1
        if leafValues[Int(node.right)] != 0 { nonzero += 1 }
      } else if pureClass(leafSlot: Int(node.right)) != nil {
        all += 1
        nonzero += 1
      } else {
        let start = Int(node.right) * stride
        all += stride
        nonzero += leafValues[start..<(start + stride)].filter { $0 != 0 }.count
      }
    }
    return (all, nonzero)
  }
}
