/// Deterministic train/test splitting and per-feature standardisation.
///
/// Stratified split (classification): the row indices of each class are shuffled with a
/// Xoshiro256** generator seeded by `seed` (classes visited in label order, one generator for
/// all), and the first `round(classCount × testFraction)` of each class go to the test split,
/// the rest to training. Both splits are then sorted by original row index (the trainer
/// shuffles each epoch). Regression: one shuffle of all rows; the first
/// `round(rows × testFraction)` are the test split. Same seed, same split, on every machine.
public enum DatasetSplitter {
  /// Row indices of the two splits.
  public static func split(
    labels: [Int]?,
    rows: Int,
    testFraction: Double,
    seed: UInt64
  ) -> (train: [Int], test: [Int]) {
    var generator = SeededGenerator(seed: seed)
    var train: [Int] = []
    var test: [Int] = []
    if let labels {
      let classes = (labels.max() ?? -1) + 1
      var members = [[Int]](repeating: [], count: max(classes, 0))
      for (row, label) in labels.enumerated() { members[label].append(row) }
      for group in members {
        let order = generator.permutation(group.count)
        let testCount = Int((Double(group.count) * testFraction).rounded())
        for (position, index) in order.enumerated() {
          if position < testCount { test.append(group[index]) } else { train.append(group[index]) }
        }
      }
    } else {
      let order = generator.permutation(rows)
      let testCount = Int((Double(rows) * testFraction).rounded())
      test = Array(order[..<testCount])
      train = Array(order[testCount...])
    }
    return (train.sorted(), test.sorted())
  }

  /// Per-feature mean and (population) standard deviation over the rows of `features`
  /// (accumulated in `Double`); a zero std is reported as 1.
  public static func statistics(of features: Tensor, features f: Int) -> ([Float], [Float]) {
    let rows = f == 0 ? 0 : features.count / f
    var sum = [Double](repeating: 0, count: f)
    var squares = [Double](repeating: 0, count: f)
    for r in 0..<rows {
      for j in 0..<f {
        let v = Double(features.scalars[r * f + j])
        sum[j] += v
        squares[j] += v * v
      }
    }
    var mean = [Float](repeating: 0, count: f)
    var std = [Float](repeating: 1, count: f)
    for j in 0..<f where rows > 0 {
      let m = sum[j] / Double(rows)
      let variance = max(squares[j] / Double(rows) - m * m, 0)
      mean[j] = Float(m)
      let s = variance.squareRoot()
      std[j] = s > 1e-12 ? Float(s) : 1
    }
    return (mean, std)
  }

  /// Applies `(x − mean)/std` per feature in place.
  public static func standardize(_ features: inout Tensor, mean: [Float], std: [Float]) {
    let f = mean.count
    guard f > 0 else { return }
    features.scalars.withUnsafeMutableBufferPointer { p in
      for i in 0..<p.count { p[i] = (p[i] - mean[i % f]) / std[i % f] }
    }
  }
}
