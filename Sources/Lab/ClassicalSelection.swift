import Engine

/// Feature selection measured: which features ANOVA F or RFE keeps, and what keeping fewer
/// does to a model's first layer, its stored size and its accuracy.
///
/// Scores and eliminations use the training split only, so the held-out accuracy is not
/// flattered by having seen the test rows. The model trained on each subset is logistic
/// regression with a light L2 penalty (`.l2(1e-3)`): one dense layer from the kept features
/// to the classes, so its parameters are exactly the first layer of any network fed the
/// same features (`outputs × k + outputs`).
public enum ClassicalSelection {
  /// How features are ranked.
  public enum Method: String, Sendable, CaseIterable {
    /// One-way ANOVA F per feature, as scikit-learn's `f_classif` + `SelectKBest`.
    case anova
    /// Recursive feature elimination with logistic regression, one feature per round.
    case rfe
  }

  /// One subset size and the model trained on it.
  public struct Row: Sendable, Encodable {
    /// Features kept.
    public var k: Int
    /// The kept features, ascending.
    public var kept: [Int]
    /// Weights plus intercepts of the one-layer model: `outputs × k + outputs`.
    public var firstLayerParams: Int
    /// The logistic model trained on the kept features, measured.
    public var model: ClassicalMeasurement

    enum CodingKeys: String, CodingKey {
      case k, kept, model
      case firstLayerParams = "first_layer_params"
    }
  }

  /// What a selection run found.
  public struct Result: Sendable, Encodable {
    /// `anova` or `rfe`.
    public var method: String
    /// The dataset's name.
    public var dataset: String
    /// Features before selection.
    public var features: Int
    /// The `k` asked for.
    public var k: Int
    /// The features kept at `k`, ascending.
    public var kept: [Int]
    /// ANOVA F per feature on the training split (nil where F is undefined: a constant
    /// feature); empty for RFE.
    public var scores: [Double?]
    /// The p-value of each F; empty for RFE.
    public var pValues: [Double?]
    /// RFE's ranking (1 = kept, larger = dropped earlier); empty for ANOVA.
    public var ranking: [Int]
    /// The model at each subset size, from all features down.
    public var rows: [Row]

    enum CodingKeys: String, CodingKey {
      case method, dataset, features, k, kept, scores, ranking, rows
      case pValues = "p_values"
    }
  }

  /// The subset sizes of the table: all, a size between all and `k`, `k`, and half of `k`.
  public static func tableSizes(features: Int, k: Int) -> [Int] {
    let sizes = [features, (features + k) / 2, k, max(1, k / 2)]
    var unique: [Int] = []
    for size in sizes where !unique.contains(size) { unique.append(size) }
    return unique.sorted(by: >)
  }

  /// Ranks the features of a classification set, keeps `k`, and trains and measures the
  /// logistic model at each size of `tableSizes`.
  public static func run(
    _ data: ClassicalData,
    k: Int,
    method: Method,
    latencyRuns: Int = 200
  ) throws -> Result {
    guard data.isClassification else {
      throw ClassicalModelError.taskMismatch(
        model: "feature selector (ANOVA F compares classes)",
        expected: "classification"
      )
    }
    let total = data.featureCount
    guard (1...total).contains(k) else {
      throw ClassicalModelError.invalidParameter(
        name: "k (the features to keep)",
        value: "\(k)",
        expected: "1…\(total), the number of features of '\(data.name)'"
      )
    }
    let sizes = tableSizes(features: total, k: k)
    var scores: [Double?] = []
    var pValues: [Double?] = []
    var ranking: [Int] = []
    var subsets: [Int: [Int]] = [:]
    switch method {
    case .anova:
      let f = try FeatureSelector.fClassif(data.trainX, labels: data.trainLabels)
      scores = f.scores.map { $0.isNaN ? nil : $0 }
      pValues = f.pValues.map { $0.isNaN ? nil : $0 }
      for size in sizes {
        subsets[size] = try FeatureSelector.selectKBest(scores: f.scores, k: size)
      }
    case .rfe:
      let smallest = sizes.min() ?? k
      let result = try FeatureSelector.recursiveElimination(
        data.trainX,
        labels: data.trainLabels,
        keep: smallest,
        step: 1,
        estimator: .logisticRegression(.l2(1e-3))
      )
      ranking = result.ranking
      // With one feature dropped per round the subsets are nested: the `size` survivors
      // are the features ranked `size − smallest + 1` or better.
      for size in sizes {
        subsets[size] = ranking.indices.filter { ranking[$0] <= size - smallest + 1 }
      }
    }
    var rows: [Row] = []
    for size in sizes {
      let kept = subsets[size] ?? []
      let subset = data.selectingFeatures(kept)
      let trained = try ClassicalLab.trainLinear(subset, penalty: .l2(1e-3))
      let measured = try ClassicalLab.measure(
        trained.model,
        on: subset,
        trainSeconds: trained.seconds,
        latencyRuns: latencyRuns
      )
      rows.append(
        Row(k: size, kept: kept, firstLayerParams: measured.measured.params, model: measured)
      )
    }
    return Result(
      method: method.rawValue,
      dataset: data.name,
      features: total,
      k: k,
      kept: subsets[k] ?? [],
      scores: scores,
      pValues: pValues,
      ranking: ranking,
      rows: rows
    )
  }
}
