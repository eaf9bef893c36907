/// Univariate and recursive feature selection: ANOVA F with SelectKBest, and RFE.
///
/// `fClassif` reproduces scikit-learn's `f_classif` (one-way ANOVA per feature: the ratio of
/// between-class to within-class variance, with p-values from the F distribution), and
/// `selectKBest` ranks exactly as `SelectKBest`: NaN scores (constant features, 0/0) rank
/// lowest, and among equal scores the higher feature index wins. Fewer features mean a smaller
/// model; the selectors show how few are enough.
public enum FeatureSelector {
  /// The ANOVA F statistic and its p-value per feature.
  public struct FScores: Sendable, Equatable {
    /// F per feature; NaN for a constant feature.
    public let scores: [Double]
    /// `P(F > score)` per feature; NaN where the score is NaN.
    public let pValues: [Double]
  }

  /// The ANOVA F test of every feature against the class labels, as `f_classif`.
  public static func fClassif(_ x: FeatureMatrix, labels: [Int]) throws(ClassicalModelError)
    -> FScores
  {
    try fClassif(
      values: x.values.map(Double.init),
      rows: x.rows,
      columns: x.columns,
      labels: labels
    )
  }

  /// The ANOVA F test on double-precision row-major values, for bit-faithful comparisons.
  public static func fClassif(
    values: [Double],
    rows: Int,
    columns: Int,
    labels: [Int]
  ) throws(ClassicalModelError) -> FScores {
    guard rows * columns == values.count else {
      throw .valueCountMismatch(rows: rows, columns: columns, count: values.count)
    }
    guard labels.count == rows else { throw .labelCountMismatch(rows: rows, labels: labels.count) }
    let classes = Array(Set(labels)).sorted()
    guard classes.count >= 2, rows > classes.count else {
      throw .notEnoughData("the F test needs at least 2 classes and more rows than classes")
    }
    var lookup: [Int: Int] = [:]
    for (index, label) in classes.enumerated() { lookup[label] = index }
    let group = labels.map { lookup[$0]! }
    var groupSizes = [Double](repeating: 0, count: classes.count)
    for g in group { groupSizes[g] += 1 }
    let n = Double(rows)
    let dfBetween = Double(classes.count - 1)
    let dfWithin = n - Double(classes.count)
    var scores: [Double] = []
    var pValues: [Double] = []
    for c in 0..<columns {
      var squares = 0.0
      var total = 0.0
      var sums = [Double](repeating: 0, count: classes.count)
      for r in 0..<rows {
        let v = values[r * columns + c]
        squares += v * v
        total += v
        sums[group[r]] += v
      }
      let squareOfSums = total * total
      let ssTotal = squares - squareOfSums / n
      var ssBetween = 0.0
      for k in 0..<classes.count { ssBetween += sums[k] * sums[k] / groupSizes[k] }
      ssBetween -= squareOfSums / n
      let ssWithin = ssTotal - ssBetween
      let f = (ssBetween / dfBetween) / (ssWithin / dfWithin)
      scores.append(f)
      pValues.append(FDistribution.survival(f, d1: dfBetween, d2: dfWithin))
    }
    return FScores(scores: scores, pValues: pValues)
  }

  /// The indices (ascending) of the `k` highest scores, ranked as scikit-learn's SelectKBest.
  public static func selectKBest(scores: [Double], k: Int) throws(ClassicalModelError) -> [Int] {
    guard (0...scores.count).contains(k) else {
      throw .invalidParameter(name: "k", value: "\(k)", expected: "0…\(scores.count)")
    }
    let cleaned = scores.map { $0.isNaN ? -Double.greatestFiniteMagnitude : $0 }
    let order = cleaned.indices.sorted { (cleaned[$0], $0) < (cleaned[$1], $1) }
    return order.suffix(k).sorted()
  }

  /// The `k` features with the highest ANOVA F against the labels.
  public static func selectKBest(_ x: FeatureMatrix, labels: [Int], k: Int)
    throws(ClassicalModelError) -> [Int]
  {
    try selectKBest(scores: fClassif(x, labels: labels).scores, k: k)
  }
}
