/// Recursive feature elimination: refit, drop the least important features, repeat.
///
/// Importance is `Σ|coef|` over outputs for linear models (their weights are comparable only
/// when features share a scale, so standardise first) or the impurity decrease of a tree or
/// forest, as scikit-learn's `RFE` reads `coef_` or `feature_importances_`.
extension FeatureSelector {
  /// The model RFE refits at every step.
  public enum RFEEstimator: Sendable, Equatable {
    /// Least squares with a penalty (regression targets).
    case linearRegression(LinearPenalty)
    /// Logistic regression with a penalty (class labels).
    case logisticRegression(LinearPenalty)
    /// One CART tree (labels or targets; pick the criterion to match).
    case decisionTree(TreeParameters)
    /// A random forest (labels or targets).
    case randomForest(RandomForest.Parameters)
  }

  /// What RFE kept and the order in which it dropped the rest.
  public struct RFEResult: Sendable, Equatable {
    /// The kept features, ascending.
    public let selected: [Int]
    /// Per feature: 1 if kept, otherwise 1 + the number of rounds it survived before the
    /// last one, so the first features dropped have the largest rank (scikit-learn's
    /// `ranking_`).
    public let ranking: [Int]
  }

  /// RFE against class labels.
  public static func recursiveElimination(
    _ x: FeatureMatrix,
    labels: [Int],
    keep: Int,
    step: Int = 1,
    estimator: RFEEstimator
  ) throws(ClassicalModelError) -> RFEResult {
    try eliminate(x, keep: keep, step: step) { (subset) throws(ClassicalModelError) in
      switch estimator {
      case .logisticRegression(let penalty):
        let model = try LogisticRegression(fitting: subset, labels: labels, penalty: penalty)
        return coefficientImportance(model.weights, features: subset.columns)
      case .decisionTree(let parameters):
        return try DecisionTree(classifying: subset, labels: labels, parameters: parameters)
          .featureImportances
      case .randomForest(let parameters):
        return try RandomForest(classifying: subset, labels: labels, parameters: parameters)
          .featureImportances
      case .linearRegression:
        throw .taskMismatch(model: "RFE estimator", expected: "regression")
      }
    }
  }

  /// RFE against regression targets.
  public static func recursiveElimination(
    _ x: FeatureMatrix,
    targets: [Float],
    keep: Int,
    step: Int = 1,
    estimator: RFEEstimator
  ) throws(ClassicalModelError) -> RFEResult {
    try eliminate(x, keep: keep, step: step) { (subset) throws(ClassicalModelError) in
      switch estimator {
      case .linearRegression(let penalty):
        let model = try LinearRegression(fitting: subset, targets: targets, penalty: penalty)
        return coefficientImportance(model.weights, features: subset.columns)
      case .decisionTree(let parameters):
        return try DecisionTree(regressing: subset, targets: targets, parameters: parameters)
          .featureImportances
      case .randomForest(let parameters):
        return try RandomForest(regressing: subset, targets: targets, parameters: parameters)
          .featureImportances
      case .logisticRegression:
        throw .taskMismatch(model: "RFE estimator", expected: "classification")
      }
    }
  }

  static func coefficientImportance(_ weights: [Float], features: Int) -> [Double] {
    var out = [Double](repeating: 0, count: features)
    for (index, w) in weights.enumerated() { out[index % features] += Double(abs(w)) }
    return out
  }

  private static func eliminate(
    _ x: FeatureMatrix,
    keep: Int,
    step: Int,
    importance: (FeatureMatrix) throws(ClassicalModelError) -> [Double]
  ) throws(ClassicalModelError) -> RFEResult {
    guard (1...max(1, x.columns)).contains(keep), x.columns >= 1 else {
      throw .invalidParameter(name: "keep", value: "\(keep)", expected: "1…\(x.columns)")
    }
    guard step >= 1 else {
      throw .invalidParameter(name: "step", value: "\(step)", expected: "1 or more")
    }
    var remaining = Array(0..<x.columns)
    var ranking = [Int](repeating: 1, count: x.columns)
    var supported = [Bool](repeating: true, count: x.columns)
    while remaining.count > keep {
      let scores = try importance(x.selectingColumns(remaining))
      let drop = min(step, remaining.count - keep)
      let order = scores.indices.sorted { (scores[$0], $0) < (scores[$1], $1) }
      for position in order.prefix(drop) { supported[remaining[position]] = false }
      remaining = remaining.filter { supported[$0] }
      for feature in ranking.indices where !supported[feature] { ranking[feature] += 1 }
    }
    return RFEResult(selected: remaining.sorted(), ranking: ranking)
  }
}
