import Foundation

/// One node of a built tree, twelve bytes in memory, stored in preorder.
///
/// An internal node sends a row to `index + 1` (left) when `row[feature] <= threshold` and to
/// `right` otherwise. A leaf has `feature == -1` and `right` is its slot in the leaf values.
package struct TreeNode: Sendable, Equatable {
  package var feature: Int32
  package var threshold: Float
  package var right: Int32
}

/// The arrays a builder produces, before they become a `DecisionTree`.
struct BuiltTree: Sendable {
  var nodes: [TreeNode]
  var leafValues: [Float]
  var importances: [Double]
  var depth: Int
}

/// The CART builder: exact best-split search by sorting the node's examples per feature.
///
/// It grows depth first with an explicit stack (no recursion, so deep trees cannot overflow a
/// worker thread's stack) and writes nodes in preorder, so a left child always follows its
/// parent and only the right child's index needs storing. Example weights carry bootstrap
/// counts, so a forest never copies its data.
struct TreeBuilder: Sendable {
  enum Target: Sendable {
    case classes([Int32], count: Int)
    case values([Double])
  }

  /// The features column by column (`columns[feature * rowCount + row]`).
  let columns: [Float]
  let rowCount: Int
  let featureCount: Int
  let target: Target
  let parameters: TreeParameters

  init(x: FeatureMatrix, columns: [Float]? = nil, target: Target, parameters: TreeParameters) {
    self.columns = columns ?? x.columnMajor()
    rowCount = x.rows
    featureCount = x.columns
    self.target = target
    self.parameters = parameters
  }

  private var statCount: Int {
    switch target {
    case .classes(_, let count): return count + 1
    case .values: return 3
    }
  }

  /// Grows one tree on `samples` (row indices, each once) with optional per-row `weights`.
  func build(samples initial: [Int32], weights: [Double]?, seed: UInt64) -> BuiltTree {
    var rng = SeededGenerator(seed: seed)
    var samples = initial
    let weights = weights ?? [Double](repeating: 1, count: rowCount)
    let tryFeatures = parameters.maxFeatures.resolved(features: featureCount)
    let minLeaf = parameters.minSamplesLeaf
    var scratch = SplitScratch(rowCount: rowCount, statCount: statCount, features: featureCount)
    var nodes: [TreeNode] = []
    var leafValues: [Float] = []
    var importances = [Double](repeating: 0, count: featureCount)
    var maxDepthSeen = 0

    struct Pending {
      var start: Int
      var end: Int
      var depth: Int
      var parent: Int
      var stats: [Double]
    }
    let rootStats = stats(samples[...], weights: weights)
    let totalWeight = rootStats[0]
    var stack = [Pending(start: 0, end: samples.count, depth: 0, parent: -1, stats: rootStats)]
    while let item = stack.popLast() {
      let index = nodes.count
      if item.parent >= 0 { nodes[item.parent].right = Int32(index) }
      maxDepthSeen = max(maxDepthSeen, item.depth)
      let count = item.end - item.start
      let impurity = self.impurity(item.stats)
      var split: (feature: Int, threshold: Float)?
      if parameters.maxDepth.map({ item.depth < $0 }) ?? true, count >= parameters.minSamplesSplit,
        count >= 2 * minLeaf, impurity > 1e-12
      {
        split = samples.withUnsafeMutableBufferPointer { buffer in
          findSplit(
            buffer,
            range: item.start..<item.end,
            stats: item.stats,
            weights: weights,
            tryFeatures: tryFeatures,
            scratch: &scratch,
            rng: &rng
          )
        }
      }
      guard let split else {
        nodes.append(TreeNode(feature: -1, threshold: 0, right: Int32(leafValues.count / stride)))
        appendLeaf(item.stats, to: &leafValues)
        continue
      }
      let base = split.feature * rowCount
      var low = item.start
      var high = item.end - 1
      while low <= high {
        if columns[base + Int(samples[low])] <= split.threshold {
          low += 1
        } else {
          samples.swapAt(low, high)
          high -= 1
        }
      }
      let leftStats = stats(samples[item.start..<low], weights: weights)
      let rightStats = stats(samples[low..<item.end], weights: weights)
      let decrease =
        item.stats[0] * impurity - leftStats[0] * self.impurity(leftStats) - rightStats[0]
        * self.impurity(rightStats)
      importances[split.feature] += max(0, decrease) / totalWeight
      nodes.append(TreeNode(feature: Int32(split.feature), threshold: split.threshold, right: 0))
      stack.append(
        Pending(
          start: low,
          end: item.end,
          depth: item.depth + 1,
          parent: index,
          stats: rightStats
        )
      )
      stack.append(
        Pending(
          start: item.start,
          end: low,
          depth: item.depth + 1,
          parent: -1,
          stats: leftStats
        )
      )
    }
    return BuiltTree(
      nodes: nodes,
      leafValues: leafValues,
      importances: importances,
      depth: maxDepthSeen
    )
  }

  /// Values per leaf: class probabilities or one mean.
  var stride: Int {
    switch target {
    case .classes(_, let count): return count
    case .values: return 1
    }
  }

  /// `[weight, count per class…]` or `[weight, Σy, Σy²]` over some examples.
  private func stats(_ slice: ArraySlice<Int32>, weights: [Double]) -> [Double] {
    var out = [Double](repeating: 0, count: statCount)
    switch target {
    case .classes(let labels, _):
      for s in slice {
        let w = weights[Int(s)]
        out[0] += w
        out[1 + Int(labels[Int(s)])] += w
      }
    case .values(let values):
      for s in slice {
        let w = weights[Int(s)]
        let y = values[Int(s)]
        out[0] += w
        out[1] += w * y
        out[2] += w * y * y
      }
    }
    return out
  }

  private func impurity(_ stats: [Double]) -> Double {
    let total = stats[0]
    guard total > 0 else { return 0 }
    switch (target, parameters.criterion) {
    case (.values, _):
      let mean = stats[1] / total
      return max(0, stats[2] / total - mean * mean)
    case (.classes, .entropy):
      var sum = 0.0
      for c in stats.dropFirst() where c > 0 {
        let p = c / total
        sum -= p * log2(p)
      }
      return sum
    case (.classes, _):
      var sum = 0.0
      for c in stats.dropFirst() { sum += (c / total) * (c / total) }
      return 1 - sum
    }
  }

  private func appendLeaf(_ stats: [Double], to leafValues: inout [Float]) {
    let total = stats[0]
    switch target {
    case .classes:
      for c in stats.dropFirst() { leafValues.append(total > 0 ? Float(c / total) : 0) }
    case .values:
      leafValues.append(total > 0 ? Float(stats[1] / total) : 0)
    }
  }
}

/// Buffers reused across nodes so the split search allocates nothing per node.
struct SplitScratch {
  var keys: [UInt64]
  var left: [Double]
  var right: [Double]
  var featureOrder: [Int]

  init(rowCount: Int, statCount: Int, features: Int) {
    keys = [UInt64](repeating: 0, count: rowCount)
    left = [Double](repeating: 0, count: statCount)
    right = [Double](repeating: 0, count: statCount)
    featureOrder = Array(0..<features)
  }
}

extension TreeBuilder {
  /// A key whose unsigned order is the float's order, with the row in the low 32 bits.
  @inline(__always)
  static func sortKey(_ value: Float, row: Int32) -> UInt64 {
    let bits = value.bitPattern
    let ordered = bits & 0x8000_0000 != 0 ? ~bits : bits | 0x8000_0000
    return UInt64(ordered) << 32 | UInt64(UInt32(bitPattern: row))
  }

  /// The best (feature, threshold) over up to `tryFeatures` non-constant features, or nil.
  fileprivate func findSplit(
    _ samples: UnsafeMutableBufferPointer<Int32>,
    range: Range<Int>,
    stats: [Double],
    weights: [Double],
    tryFeatures: Int,
    scratch: inout SplitScratch,
    rng: inout SeededGenerator
  ) -> (feature: Int, threshold: Float)? {
    let count = range.count
    let minLeaf = parameters.minSamplesLeaf
    var bestProxy = -Double.infinity
    var best: (feature: Int, threshold: Float)?
    var visited = 0
    var drawn = 0
    let entropy = parameters.criterion == .entropy
    while visited < tryFeatures && drawn < featureCount {
      let pick = drawn + rng.nextInt(below: featureCount - drawn)
      scratch.featureOrder.swapAt(drawn, pick)
      let feature = scratch.featureOrder[drawn]
      drawn += 1
      let base = feature * rowCount
      let found: (proxy: Double, threshold: Float)? = columns.withUnsafeBufferPointer { column in
        scratch.keys.withUnsafeMutableBufferPointer { keys in
          for k in 0..<count {
            let s = samples[range.lowerBound + k]
            keys[k] = Self.sortKey(column[base + Int(s)], row: s)
          }
          var sorted = UnsafeMutableBufferPointer(rebasing: keys[0..<count])
          sorted.sort()
          let first = column[base + Int(UInt32(truncatingIfNeeded: sorted[0]))]
          let last = column[base + Int(UInt32(truncatingIfNeeded: sorted[count - 1]))]
          if !(first < last) { return nil }
          visited += 1
          switch target {
          case .values(let values):
            return values.withUnsafeBufferPointer { y in
              Self.sweepRegression(
                sorted,
                column: column,
                base: base,
                y: y,
                weights: weights,
                stats: stats,
                minLeaf: minLeaf
              )
            }
          case .classes(let labels, let classCount):
            return labels.withUnsafeBufferPointer { labels in
              Self.sweepClasses(
                sorted,
                column: column,
                base: base,
                labels: labels,
                classCount: classCount,
                weights: weights,
                stats: stats,
                minLeaf: minLeaf,
                entropy: entropy,
                left: &scratch.left,
                right: &scratch.right
              )
            }
          }
        }
      }
      if let found, found.proxy > bestProxy {
        bestProxy = found.proxy
        best = (feature, found.threshold)
      }
    }
    return best
  }

  @inline(__always)
  static func threshold(_ low: Float, _ high: Float) -> Float {
    let mid = low / 2 + high / 2
    return mid >= low && mid < high ? mid : low
  }

  static func sweepRegression(
    _ keys: UnsafeMutableBufferPointer<UInt64>,
    column: UnsafeBufferPointer<Float>,
    base: Int,
    y: UnsafeBufferPointer<Double>,
    weights: [Double],
    stats: [Double],
    minLeaf: Int
  ) -> (proxy: Double, threshold: Float)? {
    let count = keys.count
    var wL = 0.0
    var sumL = 0.0
    let wAll = stats[0]
    let sumAll = stats[1]
    var bestProxy = -Double.infinity
    var bestThreshold: Float = 0
    var found = false
    var current = column[base + Int(UInt32(truncatingIfNeeded: keys[0]))]
    for p in 0..<(count - 1) {
      let s = Int(UInt32(truncatingIfNeeded: keys[p]))
      let w = weights[s]
      wL += w
      sumL += w * y[s]
      let next = column[base + Int(UInt32(truncatingIfNeeded: keys[p + 1]))]
      defer { current = next }
      if !(next > current) { continue }
      let nLeft = p + 1
      if nLeft < minLeaf { continue }
      if count - nLeft < minLeaf { break }
      let wR = wAll - wL
      let sumR = sumAll - sumL
      let proxy = sumL * sumL / wL + sumR * sumR / wR
      if proxy > bestProxy {
        bestProxy = proxy
        bestThreshold = threshold(current, next)
        found = true
      }
    }
    return found ? (bestProxy, bestThreshold) : nil
  }

  static func sweepClasses(
    _ keys: UnsafeMutableBufferPointer<UInt64>,
    column: UnsafeBufferPointer<Float>,
    base: Int,
    labels: UnsafeBufferPointer<Int32>,
    classCount: Int,
    weights: [Double],
    stats: [Double],
    minLeaf: Int,
    entropy: Bool,
    left: inout [Double],
    right: inout [Double]
  ) -> (proxy: Double, threshold: Float)? {
    let count = keys.count
    var wL = 0.0
    var wR = stats[0]
    var sqL = 0.0
    var sqR = 0.0
    var entL = 0.0
    var entR = 0.0
    for c in 0..<classCount {
      left[c] = 0
      right[c] = stats[c + 1]
      sqR += right[c] * right[c]
      if right[c] > 0 { entR += right[c] * log(right[c]) }
    }
    var bestProxy = -Double.infinity
    var bestThreshold: Float = 0
    var found = false
    var current = column[base + Int(UInt32(truncatingIfNeeded: keys[0]))]
    for p in 0..<(count - 1) {
      let s = Int(UInt32(truncatingIfNeeded: keys[p]))
      let w = weights[s]
      let c = Int(labels[s])
      let l = left[c]
      let r = right[c]
      if entropy {
        if l > 0 { entL -= l * log(l) }
        if r > 0 { entR -= r * log(r) }
        if l + w > 0 { entL += (l + w) * log(l + w) }
        if r - w > 1e-12 { entR += (r - w) * log(r - w) }
      } else {
        sqL += w * (2 * l + w)
        sqR += w * (w - 2 * r)
      }
      left[c] = l + w
      right[c] = r - w
      wL += w
      wR -= w
      let next = column[base + Int(UInt32(truncatingIfNeeded: keys[p + 1]))]
      defer { current = next }
      if !(next > current) { continue }
      let nLeft = p + 1
      if nLeft < minLeaf { continue }
      if count - nLeft < minLeaf { break }
      let proxy: Double
      if entropy {
        proxy = entL - wL * log(wL) + entR - wR * log(wR)
      } else {
        proxy = sqL / wL + sqR / wR
      }
      if proxy > bestProxy {
        bestProxy = proxy
        bestThreshold = threshold(current, next)
        found = true
      }
    }
    return found ? (bestProxy, bestThreshold) : nil
  }
}
