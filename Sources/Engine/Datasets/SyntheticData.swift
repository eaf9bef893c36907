/// Seeded generators for synthetic datasets (`fraud`, `regression`, `blobs`).
///
/// All draw from one Xoshiro256** generator seeded by `seed`, row by row, so the same
/// parameters and seed give the same values everywhere.
public enum SyntheticData {
  /// Imbalanced binary tabular data, like credit-card fraud.
  ///
  /// Exactly `round(rows × positiveRate)` positives, placed at random rows. The first
  /// `informative` features are `N(μ_j·y, 1)` with `μ_j = separation·(±1 alternating)`, so
  /// positives are shifted; the remaining features are pure `N(0, 1)` noise.
  public static func fraud(
    rows: Int = 20_000,
    features: Int = 30,
    positiveRate: Double = 0.01,
    informative: Int = 6,
    separation: Double = 1.5,
    seed: UInt64 = 7
  ) throws(DatasetError) -> (features: [Float], labels: [Float]) {
    guard rows > 0, features > 0, positiveRate > 0, positiveRate < 1,
      informative >= 0, informative <= features
    else {
      throw .invalidParameter(
        "fraud needs rows ≥ 1, features ≥ 1, 0 < positive rate < 1 and 0 ≤ informative ≤ features"
      )
    }
    var generator = SeededGenerator(seed: seed)
    let positives = max(1, Int((Double(rows) * positiveRate).rounded()))
    var labels = [Float](repeating: 0, count: rows)
    for index in generator.permutation(rows).prefix(positives) { labels[index] = 1 }
    var values = [Float](repeating: 0, count: rows * features)
    for r in 0..<rows {
      for j in 0..<features {
        var v = generator.nextNormal()
        if j < informative && labels[r] == 1 { v += separation * (j % 2 == 0 ? 1 : -1) }
        values[r * features + j] = Float(v)
      }
    }
    return (values, labels)
  }

  /// Linear regression data with Gaussian noise.
  ///
  /// `y = x·w + b + noise·ε` with `x, ε ~ N(0, 1)`, `w_j ~ U(−1, 1)·2`, `b ~ U(−1, 1)`. Targets are left unscaled.
  public static func regression(
    rows: Int = 10_000,
    features: Int = 10,
    noise: Double = 0.5,
    seed: UInt64 = 11
  ) throws(DatasetError) -> (features: [Float], targets: [Float], weights: [Float], bias: Float) {
    guard rows > 0, features > 0, noise >= 0 else {
      throw .invalidParameter("regression needs rows ≥ 1, features ≥ 1 and noise ≥ 0")
    }
    var generator = SeededGenerator(seed: seed)
    let weights = (0..<features).map { _ in Float(2 * (2 * generator.nextUnit() - 1)) }
    let bias = Float(2 * generator.nextUnit() - 1)
    var values = [Float](repeating: 0, count: rows * features)
    var targets = [Float](repeating: 0, count: rows)
    values.withUnsafeMutableBufferPointer { x in
      for r in 0..<rows {
        var y = bias
        // Two normals per Box–Muller pair would be faster; one keeps the stream simple.
        for j in 0..<features {
          let v = Float(generator.nextNormal())
          x[r * features + j] = v
          y += v * weights[j]
        }
        targets[r] = y + Float(noise * generator.nextNormal())
      }
    }
    return (values, targets, weights, bias)
  }

  /// Gaussian clusters, as scikit-learn's `make_blobs`.
  ///
  /// Centres `U(−10, 10)` per feature,
  /// standard deviation `spread`; rows split evenly, the first `rows % classes` classes get one
  /// more. Rows are in random order.
  public static func blobs(
    rows: Int = 1_000,
    classes: Int = 3,
    features: Int = 2,
    spread: Double = 1,
    seed: UInt64 = 3
  ) throws(DatasetError) -> (features: [Float], labels: [Float]) {
    guard rows >= classes, classes >= 2, features > 0, spread > 0 else {
      throw .invalidParameter("blobs needs classes ≥ 2, rows ≥ classes, features ≥ 1, spread > 0")
    }
    var generator = SeededGenerator(seed: seed)
    let centres = (0..<(classes * features)).map { _ in 20 * generator.nextUnit() - 10 }
    var labels = [Float](repeating: 0, count: rows)
    let order = generator.permutation(rows)
    for (position, row) in order.enumerated() {
      let base = rows / classes
      let extra = rows % classes
      // Positions 0..<(base+1)·extra belong to the larger classes.
      let label =
        position < (base + 1) * extra
        ? position / (base + 1) : extra + (position - (base + 1) * extra) / base
      labels[row] = Float(label)
    }
    var values = [Float](repeating: 0, count: rows * features)
    for r in 0..<rows {
      let c = Int(labels[r])
      for j in 0..<features {
        values[r * features + j] = Float(
          centres[c * features + j] + spread * generator.nextNormal()
        )
      }
    }
    return (values, labels)
  }
}
