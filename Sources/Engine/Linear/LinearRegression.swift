/// Least-squares linear regression, optionally with an L2 (ridge) or L1 (lasso) penalty.
///
/// No penalty and ridge are solved in closed form: the centred normal equations
/// `(XᵀX + αI) w = Xᵀy` by Cholesky, which is scikit-learn's `Ridge` objective
/// `‖y − Xw‖² + α‖w‖²`. Lasso uses cyclic coordinate descent on scikit-learn's objective
/// `(1/(2n))‖y − Xw‖² + α‖w‖₁`, whose soft-thresholding sets weights to exactly zero. The
/// intercept is never penalised.
public struct LinearRegression: Sendable {
  /// One weight per feature.
  public let weights: [Float]
  /// The bias term.
  public let intercept: Float
  /// The penalty the model was trained with.
  public let penalty: LinearPenalty
  /// Coordinate-descent sweeps used (0 for the closed form).
  public let iterations: Int

  /// The number of weights that are exactly zero, prunable at no cost.
  public var zeroWeightCount: Int { weights.reduce(0) { $0 + ($1 == 0 ? 1 : 0) } }
  /// The number of features each row must have.
  public var featureCount: Int { weights.count }

  /// Creates a model from known weights.
  public init(weights: [Float], intercept: Float, penalty: LinearPenalty = .none) {
    self.weights = weights
    self.intercept = intercept
    self.penalty = penalty
    iterations = 0
  }

  /// Fits the model to `x` and one target per row.
  ///
  /// - Parameters:
  ///   - tolerance: Lasso stops when no weight moved by more than `tolerance × max|w|`.
  ///   - maxIterations: The most coordinate-descent sweeps lasso may take.
  public init(
    fitting x: FeatureMatrix,
    targets: [Float],
    penalty: LinearPenalty = .none,
    tolerance: Double = 1e-6,
    maxIterations: Int = 10_000
  ) throws(ClassicalModelError) {
    try self.init(
      fitting: x.values.map(Double.init),
      rows: x.rows,
      columns: x.columns,
      targets: targets.map(Double.init),
      penalty: penalty,
      tolerance: tolerance,
      maxIterations: maxIterations
    )
  }

  /// Fits in double precision, for data that is double to begin with.
  public init(
    fitting x: [Double],
    rows: Int,
    columns: Int,
    targets: [Double],
    penalty: LinearPenalty = .none,
    tolerance: Double = 1e-6,
    maxIterations: Int = 10_000
  ) throws(ClassicalModelError) {
    guard rows * columns == x.count else {
      throw .valueCountMismatch(rows: rows, columns: columns, count: x.count)
    }
    try penalty.validate()
    let solved = try Self.solve(
      x: x,
      rows: rows,
      columns: columns,
      y: targets,
      penalty: penalty,
      tolerance: tolerance,
      maxIterations: maxIterations
    )
    self.weights = solved.weights.map(Float.init)
    self.intercept = Float(solved.intercept)
    self.penalty = penalty
    self.iterations = solved.iterations
  }

  private init(weights: [Float], intercept: Float, penalty: LinearPenalty, iterations: Int) {
    self.weights = weights
    self.intercept = intercept
    self.penalty = penalty
    self.iterations = iterations
  }

  static func solve(
    x: [Double],
    rows n: Int,
    columns f: Int,
    y: [Double],
    penalty: LinearPenalty,
    tolerance: Double,
    maxIterations: Int
  ) throws(ClassicalModelError) -> (weights: [Double], intercept: Double, iterations: Int) {
    guard y.count == n else { throw .labelCountMismatch(rows: n, labels: y.count) }
    guard n > 0, f > 0 else { throw .notEnoughData("the training set is empty") }
    var means = [Double](repeating: 0, count: f)
    for r in 0..<n { for c in 0..<f { means[c] += x[r * f + c] } }
    for c in 0..<f { means[c] /= Double(n) }
    let yMean = y.reduce(0, +) / Double(n)
    // Centred columns, column-major.
    var columns = [Double](repeating: 0, count: n * f)
    for r in 0..<n { for c in 0..<f { columns[c * n + r] = x[r * f + c] - means[c] } }
    let yc = y.map { $0 - yMean }
    var w = [Double](repeating: 0, count: f)
    var iterations = 0
    switch penalty {
    case .l1(let alpha):
      var norms = [Double](repeating: 0, count: f)
      for c in 0..<f {
        for r in 0..<n { norms[c] += columns[c * n + r] * columns[c * n + r] }
      }
      var residual = yc
      let threshold = alpha * Double(n)
      for sweep in 1...max(1, maxIterations) {
        iterations = sweep
        var maxChange = 0.0
        var maxWeight = 0.0
        for c in 0..<f where norms[c] > 0 {
          var rho = 0.0
          for r in 0..<n { rho += columns[c * n + r] * residual[r] }
          rho += norms[c] * w[c]
          let updated =
            rho > threshold
            ? (rho - threshold) / norms[c]
            : rho < -threshold ? (rho + threshold) / norms[c] : 0
          let change = updated - w[c]
          if change != 0 {
            for r in 0..<n { residual[r] -= change * columns[c * n + r] }
            w[c] = updated
          }
          maxChange = max(maxChange, abs(change))
          maxWeight = max(maxWeight, abs(updated))
        }
        if maxWeight == 0 || maxChange <= tolerance * maxWeight { break }
      }
    case .none, .l2:
      var gram = [Double](repeating: 0, count: f * f)
      var rhs = [Double](repeating: 0, count: f)
      for i in 0..<f {
        for r in 0..<n { rhs[i] += columns[i * n + r] * yc[r] }
        for j in i..<f {
          var sum = 0.0
          for r in 0..<n { sum += columns[i * n + r] * columns[j * n + r] }
          gram[i * f + j] = sum
          gram[j * f + i] = sum
        }
      }
      let alpha = penalty.strength
      for i in 0..<f { gram[i * f + i] += alpha }
      // Constant features give a singular system without a penalty; a vanishing ridge keeps
      // the Cholesky factor defined and gives such features weight 0.
      var jitter = 0.0
      let scale = max(1e-300, (0..<f).reduce(0.0) { $0 + gram[$1 * f + $1] } / Double(f))
      while true {
        var matrix = gram
        for i in 0..<f { matrix[i * f + i] += jitter }
        if let solution = choleskySolve(matrix, rhs, size: f) {
          w = solution
          break
        }
        jitter = jitter == 0 ? scale * 1e-12 : jitter * 100
        if jitter > scale { throw .notEnoughData("the normal equations are singular") }
      }
    }
    var intercept = yMean
    for c in 0..<f { intercept -= w[c] * means[c] }
    return (w, intercept, iterations)
  }

  /// Solves `A x = b` for a symmetric positive definite `A`, or nil if it is not.
  static func choleskySolve(_ a: [Double], _ b: [Double], size f: Int) -> [Double]? {
    var l = [Double](repeating: 0, count: f * f)
    for i in 0..<f {
      for j in 0...i {
        var sum = a[i * f + j]
        for k in 0..<j { sum -= l[i * f + k] * l[j * f + k] }
        if i == j {
          guard sum > 0 else { return nil }
          l[i * f + i] = sum.squareRoot()
        } else {
          l[i * f + j] = sum / l[j * f + j]
        }
      }
    }
    var z = [Double](repeating: 0, count: f)
    for i in 0..<f {
      var sum = b[i]
      for k in 0..<i { sum -= l[i * f + k] * z[k] }
      z[i] = sum / l[i * f + i]
    }
    var x = [Double](repeating: 0, count: f)
    for i in stride(from: f - 1, through: 0, by: -1) {
      var sum = z[i]
      for k in (i + 1)..<f { sum -= l[k * f + i] * x[k] }
      x[i] = sum / l[i * f + i]
    }
    return x
  }

  /// The prediction `w·row + b` for one row.
  public func predict(_ row: [Float]) throws(ClassicalModelError) -> Float {
    guard row.count == weights.count else {
      throw .featureCountMismatch(expected: weights.count, actual: row.count)
    }
    var sum = intercept
    for (w, v) in zip(weights, row) { sum += w * v }
    return sum
  }

  /// The prediction for every row.
  public func predict(_ x: FeatureMatrix) throws(ClassicalModelError) -> [Float] {
    guard x.columns == weights.count else {
      throw .featureCountMismatch(expected: weights.count, actual: x.columns)
    }
    return (0..<x.rows).map { r in
      var sum = intercept
      for c in 0..<x.columns { sum += weights[c] * x.values[r * x.columns + c] }
      return sum
    }
  }
}

extension LinearRegression {
  static let magic = "GLLN"

  /// The model as bytes, with the weights dense or sparse.
  ///
  /// ```
  /// offset  size  field
  /// 0       4     magic "GLLN"
  /// 4       1     format version = 1
  /// 5       1     penalty: 0 none, 1 L2, 2 L1
  /// 6       4     penalty strength (Float32)
  /// 10      4     intercept (Float32)
  /// 14            weight block: UInt8 encoding (0 dense, 1 sparse), UInt32 count n, then
  ///               dense: n × Float32; sparse: UInt32 nnz, ⌈n/8⌉ mask bytes, nnz × Float32
  /// ```
  public func serialized(_ encoding: WeightEncoding = .dense) -> [UInt8] {
    var writer = CompactByteWriter()
    writer.append(magic: Self.magic)
    writer.append(UInt8(1))
    writer.append(penalty.code)
    writer.append(Float(penalty.strength))
    writer.append(intercept)
    WeightBlock.write(weights, encoding, to: &writer)
    return writer.bytes
  }

  /// The size of `serialized(encoding)` in bytes.
  public func serializedByteCount(_ encoding: WeightEncoding = .dense) -> Int {
    14 + WeightBlock.byteCount(weights, encoding)
  }

  /// Reads a model written by `serialized(_:)` in either encoding.
  public init(serialized bytes: [UInt8]) throws(ClassicalModelError) {
    var reader = CompactByteReader(bytes, model: "linear regression")
    try reader.expect(magic: Self.magic, version: 1)
    let code = try reader.u8()
    let strength = try reader.finite("the penalty strength")
    let penalty = try LinearPenalty(code: code, strength: strength, reader: reader)
    let intercept = try reader.finite("the intercept")
    try reader.need(5)
    let count = Int(
      UInt32(reader.bytes[reader.offset + 1]) | UInt32(reader.bytes[reader.offset + 2]) << 8
        | UInt32(reader.bytes[reader.offset + 3]) << 16
        | UInt32(reader.bytes[reader.offset + 4]) << 24
    )
    guard count >= 1, count <= reader.remaining else {
      throw reader.fail("weight count \(count) does not fit the \(reader.remaining) bytes left")
    }
    let weights = try WeightBlock.read(&reader, count: count)
    try reader.expectEnd()
    self.init(weights: weights, intercept: intercept, penalty: penalty, iterations: 0)
  }
}
