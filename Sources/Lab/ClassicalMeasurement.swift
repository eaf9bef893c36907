import Engine
import Foundation

/// A classical model measured here: cli.md's measured-model figures plus what makes trees
/// and linear models large or small (nodes, depth, zero weights, dense vs sparse bytes).
///
/// It encodes as one flat JSON object: the measured-model fields (`params`,
/// `nonzero_params`, `size_bytes`, `accuracy`, `latency_ms`, `train_seconds`) followed by the
/// extra fields, with absent extras left out.
public struct ClassicalMeasurement: Sendable, Encodable {
  /// The model's kind, such as `random forest`.
  public var model: String
  /// The dataset's name.
  public var dataset: String
  /// The figures cli.md fixes; `accuracy` is R² for regression.
  public var measured: MeasuredModel
  /// `accuracy` or `r2`: what `measured.accuracy` holds.
  public var metric: String
  /// Training examples.
  public var trainRows: Int
  /// Held-out examples.
  public var testRows: Int
  /// Features per example.
  public var features: Int
  /// Trees (tree models only).
  public var trees: Int?
  /// Nodes over all trees.
  public var nodes: Int?
  /// Leaves over all trees.
  public var leaves: Int?
  /// The deepest tree's depth.
  public var depth: Int?
  /// Stored bytes divided by nodes.
  public var bytesPerNode: Double?
  /// Weights that are exactly zero (linear models).
  public var zeroWeights: Int?
  /// The stored file with every weight written (linear models).
  public var denseSizeBytes: Int?
  /// The stored file with a nonzero mask and only the nonzero weights (linear models).
  public var sparseSizeBytes: Int?
  /// Mean time per row when the whole held-out split is predicted at once.
  public var batchedMsPerRow: Double
  /// Rows per second on that batched path.
  public var throughputPerSecond: Double
  /// Whether the file read back gave the same bytes and the same held-out predictions.
  public var roundTripVerified: Bool
  /// Share of the held-out examples of class 1 that were found (two-class sets only), the
  /// figure accuracy hides when that class is rare.
  public var positiveRecall: Double?
  /// Share of the class-1 predictions that were right (two-class sets only).
  public var positivePrecision: Double?
  /// Share of the held-out examples that are class 1 (two-class sets only).
  public var positiveShare: Double?

  enum ExtraKeys: String, CodingKey {
    case model, dataset, metric, features, trees, nodes, leaves, depth
    case trainRows = "train_rows"
    case testRows = "test_rows"
    case bytesPerNode = "bytes_per_node"
    case zeroWeights = "zero_weights"
    case denseSizeBytes = "dense_size_bytes"
    case sparseSizeBytes = "sparse_size_bytes"
    case batchedMsPerRow = "batched_ms_per_row"
    case throughputPerSecond = "throughput_per_s"
    case roundTripVerified = "round_trip_verified"
    case positiveRecall = "positive_recall"
    case positivePrecision = "positive_precision"
    case positiveShare = "positive_share"
  }

  public func encode(to encoder: any Encoder) throws {
    try measured.encode(to: encoder)
    var container = encoder.container(keyedBy: ExtraKeys.self)
    try container.encode(model, forKey: .model)
    try container.encode(dataset, forKey: .dataset)
    try container.encode(metric, forKey: .metric)
    try container.encode(trainRows, forKey: .trainRows)
    try container.encode(testRows, forKey: .testRows)
    try container.encode(features, forKey: .features)
    try container.encodeIfPresent(trees, forKey: .trees)
    try container.encodeIfPresent(nodes, forKey: .nodes)
    try container.encodeIfPresent(leaves, forKey: .leaves)
    try container.encodeIfPresent(depth, forKey: .depth)
    try container.encodeIfPresent(bytesPerNode, forKey: .bytesPerNode)
    try container.encodeIfPresent(zeroWeights, forKey: .zeroWeights)
    try container.encodeIfPresent(denseSizeBytes, forKey: .denseSizeBytes)
    try container.encodeIfPresent(sparseSizeBytes, forKey: .sparseSizeBytes)
    try container.encode(batchedMsPerRow, forKey: .batchedMsPerRow)
    try container.encode(throughputPerSecond, forKey: .throughputPerSecond)
    try container.encode(roundTripVerified, forKey: .roundTripVerified)
    try container.encodeIfPresent(positiveRecall, forKey: .positiveRecall)
    try container.encodeIfPresent(positivePrecision, forKey: .positivePrecision)
    try container.encodeIfPresent(positiveShare, forKey: .positiveShare)
  }
}

/// Trains and measures the classical models: the trees, forests, boosted trees and linear
/// models of `Trees/` and `Linear/` on a `ClassicalData`.
///
/// Every size is the byte count of a file really written to a temporary folder and read
/// back; the bytes and the held-out predictions of the read-back model must equal the
/// original's, or the measurement fails.
public enum ClassicalLab {
  /// Trains one CART tree (gini or entropy on classes; squared error on values).
  public static func trainTree(_ data: ClassicalData, parameters: TreeParameters)
    throws(ClassicalModelError) -> (model: ClassicalModel, seconds: Double)
  {
    var tree = parameters
    if !data.isClassification { tree.criterion = .squaredError }
    let start = ContinuousClock.now
    let model: DecisionTree =
      data.isClassification
      ? try DecisionTree(classifying: data.trainX, labels: data.trainLabels, parameters: tree)
      : try DecisionTree(regressing: data.trainX, targets: data.trainTargets, parameters: tree)
    return (.tree(model), seconds(since: start))
  }

  /// Trains a random forest; on a regression set the trees use squared error.
  public static func trainForest(_ data: ClassicalData, parameters: RandomForest.Parameters)
    throws(ClassicalModelError) -> (model: ClassicalModel, seconds: Double)
  {
    var settings = parameters
    if !data.isClassification { settings.tree.criterion = .squaredError }
    let start = ContinuousClock.now
    let model: RandomForest =
      data.isClassification
      ? try RandomForest(classifying: data.trainX, labels: data.trainLabels, parameters: settings)
      : try RandomForest(regressing: data.trainX, targets: data.trainTargets, parameters: settings)
    return (.forest(model), seconds(since: start))
  }

  /// Trains gradient-boosted trees (log-loss on classes, squared error on values).
  public static func trainBoosted(
    _ data: ClassicalData,
    parameters: GradientBoostedTrees.Parameters
  ) throws(ClassicalModelError) -> (model: ClassicalModel, seconds: Double) {
    let start = ContinuousClock.now
    let model =
      data.isClassification
      ? try GradientBoostedTrees(
        classifying: data.trainX,
        labels: data.trainLabels,
        parameters: parameters
      )
      : try GradientBoostedTrees(
        regressing: data.trainX,
        targets: data.trainTargets,
        parameters: parameters
      )
    return (.boosted(model), seconds(since: start))
  }

  /// Trains linear regression on values or logistic regression on classes.
  public static func trainLinear(_ data: ClassicalData, penalty: LinearPenalty)
    throws(ClassicalModelError) -> (model: ClassicalModel, seconds: Double)
  {
    let start = ContinuousClock.now
    if data.isClassification {
      let model = try LogisticRegression(
        fitting: data.trainX,
        labels: data.trainLabels,
        penalty: penalty
      )
      return (.logistic(model), seconds(since: start))
    }
    let model = try LinearRegression(
      fitting: data.trainX,
      targets: data.trainTargets,
      penalty: penalty
    )
    return (.linear(model), seconds(since: start))
  }

  /// Measures a trained model: stored numbers, the file it is written to (read back and
  /// checked), held-out accuracy or R², batch-1 latency percentiles and batched throughput.
  ///
  /// - Parameters:
  ///   - latencyRuns: Timed one-row predictions (after `latencyRuns / 10` untimed ones, at
  ///     least 20), cycling through the held-out rows.
  ///   - encoding: How a linear model's weights are written for `size_bytes`; both forms are
  ///     always written and reported as `dense_size_bytes` and `sparse_size_bytes`.
  public static func measure(
    _ model: ClassicalModel,
    on data: ClassicalData,
    trainSeconds: Double,
    latencyRuns: Int = 1_000,
    encoding: WeightEncoding = .dense
  ) throws -> ClassicalMeasurement {
    let stored = try storeAndReadBack(model, encoding: encoding, check: data.testX)
    let predictions = try stored.model.predict(data.testX)
    let score = Self.score(predictions, data.testTargets, classification: data.isClassification)
    let latency = try oneRowLatency(model, data: data, runs: latencyRuns)
    let batched = try batchedSecondsPerRow(model, x: data.testX)
    let numbers = model.storedNumbers
    var result = ClassicalMeasurement(
      model: model.kind,
      dataset: data.name,
      measured: MeasuredModel(
        params: numbers.all,
        nonzeroParams: numbers.nonzero,
        sizeBytes: stored.size,
        accuracy: score,
        latencyMs: MeasuredModel.Latency(latency),
        trainSeconds: trainSeconds
      ),
      metric: data.isClassification ? "accuracy" : "r2",
      trainRows: data.trainX.rows,
      testRows: data.testX.rows,
      features: data.featureCount,
      batchedMsPerRow: batched * 1000,
      throughputPerSecond: batched > 0 ? 1 / batched : 0,
      roundTripVerified: true
    )
    let labels = Set(data.testTargets).union(data.trainTargets)
    if data.isClassification, labels == [0, 1] {
      let pairs = zip(predictions, data.testTargets)
      let truePositives = pairs.filter { $0.0 == 1 && $0.1 == 1 }.count
      let positives = data.testTargets.filter { $0 == 1 }.count
      let predicted = predictions.filter { $0 == 1 }.count
      result.positiveRecall = positives > 0 ? Double(truePositives) / Double(positives) : 0
      result.positivePrecision = predicted > 0 ? Double(truePositives) / Double(predicted) : 0
      result.positiveShare = Double(positives) / Double(max(1, data.testTargets.count))
    }
    let trees = model.trees
    if !trees.isEmpty {
      let nodes = trees.reduce(0) { $0 + $1.nodeCount }
      result.trees = trees.count
      result.nodes = nodes
      result.leaves = trees.reduce(0) { $0 + $1.leafCount }
      result.depth = trees.map(\.depth).max() ?? 0
      result.bytesPerNode = nodes > 0 ? Double(stored.size) / Double(nodes) : 0
    } else {
      result.zeroWeights = model.zeroWeightCount
      let dense = encoding == .dense ? stored : try storeAndReadBack(model, encoding: .dense)
      let sparse = encoding == .sparse ? stored : try storeAndReadBack(model, encoding: .sparse)
      result.denseSizeBytes = dense.size
      result.sparseSizeBytes = sparse.size
    }
    return result
  }

  /// Trains a random forest on `data` and measures it: the hook the forest benchmark calls.
  ///
  /// The benchmark's targets (100 trees on digits: accuracy within 2 points of
  /// scikit-learn, stored size at most a quarter of its joblib file, one-row predict p50
  /// under 0.3 ms) read `measured.accuracy`, `measured.sizeBytes`, `measured.latencyMs.p50`
  /// and `measured.trainSeconds` of the result.
  public static func measureForest(
    on data: ClassicalData,
    parameters: RandomForest.Parameters = RandomForest.Parameters(),
    latencyRuns: Int = 2_000
  ) throws -> ClassicalMeasurement {
    let trained = try trainForest(data, parameters: parameters)
    return try measure(
      trained.model,
      on: data,
      trainSeconds: trained.seconds,
      latencyRuns: latencyRuns
    )
  }

  /// Held-out accuracy for classes, or R² (`1 − SS_res/SS_tot`, as scikit-learn's
  /// `r2_score`) for values.
  public static func score(_ predictions: [Float], _ targets: [Float], classification: Bool)
    -> Double
  {
    guard !targets.isEmpty, predictions.count == targets.count else { return 0 }
    if classification {
      let hits = zip(predictions, targets).reduce(0) { $0 + ($1.0 == $1.1 ? 1 : 0) }
      return Double(hits) / Double(targets.count)
    }
    let mean = targets.reduce(0.0) { $0 + Double($1) } / Double(targets.count)
    var residual = 0.0
    var total = 0.0
    for (p, t) in zip(predictions, targets) {
      residual += (Double(t) - Double(p)) * (Double(t) - Double(p))
      total += (Double(t) - mean) * (Double(t) - mean)
    }
    return total > 0 ? 1 - residual / total : 0
  }

  /// A model written to a temporary file and read back: the file's size and the decoded model.
  public struct StoredModel: Sendable {
    /// Bytes on disk.
    public var size: Int
    /// The model decoded from the bytes read back.
    public var model: ClassicalModel
  }

  /// Writes the model's bytes to a temporary file, reads them back, decodes them and checks
  /// that the bytes match and that the decoded model predicts `check`'s rows identically.
  public static func storeAndReadBack(
    _ model: ClassicalModel,
    encoding: WeightEncoding = .dense,
    check: FeatureMatrix? = nil
  ) throws -> StoredModel {
    let bytes = model.serialized(encoding)
    let path =
      NSTemporaryDirectory() + "goldilocks-classical-\(UUID().uuidString).bin"
    defer { try? FileManager.default.removeItem(atPath: path) }
    let readBack: [UInt8]
    let size: Int
    do {
      try Data(bytes).write(to: URL(fileURLWithPath: path))
      let attributes = try FileManager.default.attributesOfItem(atPath: path)
      size = (attributes[.size] as? NSNumber)?.intValue ?? -1
      readBack = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    } catch {
      throw EngineError.fileError(path: path, reason: "\(error)")
    }
    guard readBack == bytes, size == bytes.count else {
      throw EngineError.fileError(
        path: path,
        reason: "wrote \(bytes.count) bytes but read back \(readBack.count) (file size \(size))"
      )
    }
    let decoded = try model.decodingSameKind(readBack)
    if let check, try decoded.predict(check) != model.predict(check) {
      throw EngineError.unsupported(
        "the \(model.kind) read back from its file predicts differently from the trained one"
      )
    }
    return StoredModel(size: size, model: decoded)
  }

  /// Percentiles of one-row predictions cycling through the held-out rows.
  static func oneRowLatency(_ model: ClassicalModel, data: ClassicalData, runs: Int) throws
    -> LatencyReport
  {
    let count = min(data.testX.rows, 512)
    let rows =
      count > 0 ? (0..<count).map { data.testRow($0) } : [[Float](repeating: 0, count: 1)]
    var index = 0
    let benchmark = LatencyBenchmark(warmUp: max(20, runs / 10), runs: max(1, runs))
    return try benchmark.measure {
      _ = try model.predict(rows[index % rows.count])
      index += 1
    }
  }

  /// Mean seconds per row when the whole held-out split is predicted in one call (repeated
  /// for at least 100 ms, at most 50 times).
  static func batchedSecondsPerRow(_ model: ClassicalModel, x: FeatureMatrix) throws -> Double {
    guard x.rows > 0 else { return 0 }
    let start = ContinuousClock.now
    var rounds = 0
    repeat {
      _ = try model.predict(x)
      rounds += 1
    } while rounds < 50 && seconds(since: start) < 0.1
    return seconds(since: start) / Double(rounds * x.rows)
  }

  static func seconds(since start: ContinuousClock.Instant) -> Double {
    LatencyReport.seconds(ContinuousClock.now - start)
  }
}
