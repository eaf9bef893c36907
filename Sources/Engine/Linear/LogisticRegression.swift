import Foundation

/// Logistic regression, binary (one logit) or multinomial (softmax), with an L2 or L1 penalty.
///
/// It minimises the mean cross-entropy plus `(α/2)‖W‖²` (L2) or `α‖W‖₁` (L1); scikit-learn's
/// `C` corresponds to `α = 1 / (C·n)`. The solver is FISTA (accelerated proximal gradient)
/// with backtracking and a momentum restart: the L1 proximal step soft-thresholds the weights,
/// so L1 ends with weights that are exactly zero and cost nothing in the sparse encoding.
/// Intercepts are not penalised. Features are used as given, so standardise them first for
/// fast convergence.
public struct LogisticRegression: Sendable {
  /// The original class labels in ascending order.
  public let classes: [Int]
  /// The number of features each row must have.
  public let featureCount: Int
  /// Weights row-major, one row of `featureCount` per output (one output when binary).
  public let weights: [Float]
  /// One intercept per output.
  public let intercepts: [Float]
  /// The penalty the model was trained with.
  public let penalty: LinearPenalty
  /// Solver iterations used (0 for a model read from bytes).
  public let iterations: Int

  /// Logits per row: 1 for two classes, otherwise one per class.
  public var outputCount: Int { intercepts.count }
  /// The number of weights that are exactly zero, prunable at no cost.
  public var zeroWeightCount: Int { weights.reduce(0) { $0 + ($1 == 0 ? 1 : 0) } }

  init(
    classes: [Int],
    featureCount: Int,
    weights: [Float],
    intercepts: [Float],
    penalty: LinearPenalty,
    iterations: Int
  ) {
    self.classes = classes
    self.featureCount = featureCount
    self.weights = weights
    self.intercepts = intercepts
    self.penalty = penalty
    self.iterations = iterations
  }

  /// Fits the model to `x` and one label per row.
  ///
  /// - Parameters:
  ///   - tolerance: Stop when no parameter moved by more than `tolerance × max(1, max|θ|)`.
  ///   - maxIterations: The most proximal-gradient steps.
  public init(
    fitting x: FeatureMatrix,
    labels: [Int],
    penalty: LinearPenalty = .l2(1e-3),
    tolerance: Double = 1e-6,
    maxIterations: Int = 1_000
  ) throws(ClassicalModelError) {
    try penalty.validate()
    let encoded = try ClassLabels(x: x, labels: labels, minimumClasses: 2)
    guard maxIterations >= 1 else {
      throw .invalidParameter(name: "maxIterations", value: "\(maxIterations)", expected: "≥ 1")
    }
    let problem = LogisticProblem(
      x: x.values.map(Double.init),
      rows: x.rows,
      features: x.columns,
      labels: encoded.indices.map(Int.init),
      classCount: encoded.classes.count,
      penalty: penalty
    )
    let solved = problem.solve(tolerance: tolerance, maxIterations: maxIterations)
    let f = x.columns
    let outputs = problem.outputs
    var weights: [Float] = []
    var intercepts: [Float] = []
    for o in 0..<outputs {
      weights.append(contentsOf: solved.theta[(o * (f + 1))..<(o * (f + 1) + f)].map(Float.init))
      intercepts.append(Float(solved.theta[o * (f + 1) + f]))
    }
    self.init(
      classes: encoded.classes,
      featureCount: f,
      weights: weights,
      intercepts: intercepts,
      penalty: penalty,
      iterations: solved.iterations
    )
  }

  private func logits(_ row: UnsafeBufferPointer<Float>) -> [Float] {
    (0..<outputCount).map { o in
      var sum = intercepts[o]
      let base = o * featureCount
      for c in 0..<featureCount { sum += weights[base + c] * row[c] }
      return sum
    }
  }

  private func probabilities(_ z: [Float]) -> [Float] {
    if z.count == 1 {
      let p = Float(1 / (1 + exp(-Double(z[0]))))
      return [1 - p, p]
    }
    let top = z.max()!
    let e = z.map { Float(exp(Double($0 - top))) }
    let total = e.reduce(0, +)
    return e.map { $0 / total }
  }

  /// Class probabilities of one row.
  public func predictProbabilities(_ row: [Float]) throws(ClassicalModelError) -> [Float] {
    guard row.count == featureCount else {
      throw .featureCountMismatch(expected: featureCount, actual: row.count)
    }
    return probabilities(row.withUnsafeBufferPointer { logits($0) })
  }

  /// The most probable class of one row.
  public func predictClass(_ row: [Float]) throws(ClassicalModelError) -> Int {
    classes[argmax(try predictProbabilities(row))]
  }

  /// The most probable class of every row.
  public func predictClasses(_ x: FeatureMatrix) throws(ClassicalModelError) -> [Int] {
    guard x.columns == featureCount else {
      throw .featureCountMismatch(expected: featureCount, actual: x.columns)
    }
    return x.values.withUnsafeBufferPointer { values in
      (0..<x.rows).map { r in
        let z = logits(
          UnsafeBufferPointer(rebasing: values[(r * x.columns)..<((r + 1) * x.columns)])
        )
        return classes[z.count == 1 ? (z[0] > 0 ? 1 : 0) : argmax(z)]
      }
    }
  }
}

/// The smooth part of the logistic objective and FISTA on it, in double precision.
///
/// Parameters are laid out per output as `featureCount` weights then the intercept.
private struct LogisticProblem {
  let x: [Double]
  let rows: Int
  let features: Int
  let labels: [Int]
  let classCount: Int
  let penalty: LinearPenalty

  var outputs: Int { classCount == 2 ? 1 : classCount }
  var width: Int { features + 1 }

  /// Mean cross-entropy plus the L2 term, and optionally its gradient.
  func smooth(_ theta: [Double], gradient: inout [Double]?) -> Double {
    let n = Double(rows)
    var loss = 0.0
    var grad = gradient.map { _ in [Double](repeating: 0, count: theta.count) }
    var z = [Double](repeating: 0, count: outputs)
    x.withUnsafeBufferPointer { x in
      for r in 0..<rows {
        let base = r * features
        for o in 0..<outputs {
          var sum = theta[o * width + features]
          for c in 0..<features { sum += theta[o * width + c] * x[base + c] }
          z[o] = sum
        }
        if outputs == 1 {
          let y = Double(labels[r])
          let v = z[0]
          loss += (v > 0 ? v + log1p(exp(-v)) : log1p(exp(v))) - y * v
          z[0] = 1 / (1 + exp(-v)) - y
        } else {
          let top = z.max()!
          var total = 0.0
          for o in 0..<outputs {
            z[o] = exp(z[o] - top)
            total += z[o]
          }
          loss += log(total) + top - (log(z[labels[r]]) + top)
          for o in 0..<outputs { z[o] = z[o] / total - (o == labels[r] ? 1 : 0) }
        }
        if grad != nil {
          for o in 0..<outputs {
            let g = z[o] / n
            if g == 0 { continue }
            for c in 0..<features { grad![o * width + c] += g * x[base + c] }
            grad![o * width + features] += g
          }
        }
      }
    }
    loss /= n
    if case .l2(let alpha) = penalty {
      for o in 0..<outputs {
        for c in 0..<features {
          let w = theta[o * width + c]
          loss += 0.5 * alpha * w * w
          if grad != nil { grad![o * width + c] += alpha * w }
        }
      }
    }
    gradient = grad
    return loss
  }

  func l1(_ theta: [Double]) -> Double {
    guard case .l1(let alpha) = penalty else { return 0 }
    var sum = 0.0
    for o in 0..<outputs { for c in 0..<features { sum += abs(theta[o * width + c]) } }
    return alpha * sum
  }

  /// The proximal step: a gradient step, then soft-thresholding of the weights for L1.
  func prox(_ point: [Double], _ gradient: [Double], step: Double) -> [Double] {
    var out = point
    for i in out.indices { out[i] -= step * gradient[i] }
    if case .l1(let alpha) = penalty {
      let cut = alpha * step
      for o in 0..<outputs {
        for c in 0..<features {
          let v = out[o * width + c]
          out[o * width + c] = v > cut ? v - cut : v < -cut ? v + cut : 0
        }
      }
    }
    return out
  }

  func solve(tolerance: Double, maxIterations: Int) -> (theta: [Double], iterations: Int) {
    var theta = [Double](repeating: 0, count: outputs * width)
    var momentum = theta
    var t = 1.0
    var meanSquare = 0.0
    for v in x { meanSquare += v * v }
    meanSquare = meanSquare / Double(max(rows, 1)) + 1
    var lipschitz = max(1e-8, (outputs == 1 ? 0.25 : 0.5) * meanSquare / 100)
    var none: [Double]? = nil
    var objective = smooth(theta, gradient: &none) + l1(theta)
    var iterations = 0
    for iteration in 1...maxIterations {
      iterations = iteration
      var gradient: [Double]? = []
      let base = smooth(momentum, gradient: &gradient)
      let g = gradient!
      var candidate: [Double]
      var candidateSmooth: Double
      while true {
        candidate = prox(momentum, g, step: 1 / lipschitz)
        candidateSmooth = smooth(candidate, gradient: &none)
        var linear = 0.0
        var square = 0.0
        for i in candidate.indices {
          let d = candidate[i] - momentum[i]
          linear += g[i] * d
          square += d * d
        }
        if candidateSmooth <= base + linear + 0.5 * lipschitz * square + 1e-12 { break }
        lipschitz *= 2
      }
      let candidateObjective = candidateSmooth + l1(candidate)
      var change = 0.0
      var size = 1.0
      for i in candidate.indices {
        change = max(change, abs(candidate[i] - theta[i]))
        size = max(size, abs(candidate[i]))
      }
      if candidateObjective > objective {
        // Momentum overshot: restart from the last iterate.
        t = 1
        momentum = theta
        continue
      }
      let next = (1 + (1 + 4 * t * t).squareRoot()) / 2
      for i in momentum.indices {
        momentum[i] = candidate[i] + (t - 1) / next * (candidate[i] - theta[i])
      }
      t = next
      theta = candidate
      objective = candidateObjective
      if change <= tolerance * size { break }
    }
    return (theta, iterations)
  }
}

extension LogisticRegression {
  static let magic = "GLLG"

  /// The model as bytes, with the weights dense or sparse.
  ///
  /// ```
  /// offset  size  field
  /// 0       4     magic "GLLG"
  /// 4       1     format version = 1
  /// 5       1     penalty: 0 none, 1 L2, 2 L1
  /// 6       2     class count K (UInt16, 2…256)
  /// 8       4     feature count F (UInt32)
  /// 12      4     penalty strength (Float32)
  /// 16      4·K   class labels (Int32, ascending)
  /// …       4·O   intercepts (Float32; O = 1 when K = 2, else K)
  /// …             weight block of O·F weights, row per output (see `LinearRegression`)
  /// ```
  public func serialized(_ encoding: WeightEncoding = .dense) -> [UInt8] {
    var writer = CompactByteWriter()
    writer.append(magic: Self.magic)
    writer.append(UInt8(1))
    writer.append(penalty.code)
    writer.append(UInt16(classes.count))
    writer.append(UInt32(featureCount))
    writer.append(Float(penalty.strength))
    for label in classes { writer.append(Int32(truncatingIfNeeded: label)) }
    for b in intercepts { writer.append(b) }
    WeightBlock.write(weights, encoding, to: &writer)
    return writer.bytes
  }

  /// The size of `serialized(encoding)` in bytes.
  public func serializedByteCount(_ encoding: WeightEncoding = .dense) -> Int {
    16 + 4 * classes.count + 4 * intercepts.count + WeightBlock.byteCount(weights, encoding)
  }

  /// Reads a model written by `serialized(_:)` in either encoding.
  public init(serialized bytes: [UInt8]) throws(ClassicalModelError) {
    var reader = CompactByteReader(bytes, model: "logistic regression")
    try reader.expect(magic: Self.magic, version: 1)
    let code = try reader.u8()
    let classCount = Int(try reader.u16())
    let featureCount = Int(try reader.u32())
    let strength = try reader.finite("the penalty strength")
    let penalty = try LinearPenalty(code: code, strength: strength, reader: reader)
    guard (2...256).contains(classCount) else {
      throw reader.fail("class count \(classCount) is outside 2…256")
    }
    let classes = try DecisionTree.readHeaderRest(
      &reader,
      classifier: true,
      classCount: classCount,
      featureCount: featureCount
    )
    let outputs = classCount == 2 ? 1 : classCount
    var intercepts: [Float] = []
    for _ in 0..<outputs { intercepts.append(try reader.finite("an intercept")) }
    let weights = try WeightBlock.read(&reader, count: outputs * featureCount)
    try reader.expectEnd()
    self.init(
      classes: classes,
      featureCount: featureCount,
      weights: weights,
      intercepts: intercepts,
      penalty: penalty,
      iterations: 0
    )
  }
}
